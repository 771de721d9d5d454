package io.nninit.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import org.jspecify.annotations.Nullable;

/**
 * One compile error: its text and what javac should underline (the element; within it the
 * annotation and value when known, null otherwise).
 */
record Problem(
    String text,
    Element element,
    @Nullable AnnotationMirror mirror,
    @Nullable AnnotationValue value) {
  static Problem of(
      Element element,
      @Nullable AnnotationMirror mirror,
      @Nullable AnnotationValue value,
      Message message,
      @Nullable Object... args) {
    return new Problem(message.text(args), element, mirror, value);
  }
}
