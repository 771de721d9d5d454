package io.nninit.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One compile error: its text and what javac should underline (the element; within it the
 * annotation and value when known, null otherwise).
 */
record Problem(String text, Element element, AnnotationMirror mirror, AnnotationValue value) {
  static Problem of(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      Message message,
      Object... args) {
    return new Problem(message.text(args), element, mirror, value);
  }
}
