package io.nninit.processor;

import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** The only caller of {@link Messager}. */
final class Diagnostics {
  private final Messager messager;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void report(List<Problem> problems) {
    print(Diagnostic.Kind.ERROR, problems);
  }

  /** Reports lint findings ({@code [nninit.…]}) as warnings. */
  void warn(List<Problem> problems) {
    print(Diagnostic.Kind.WARNING, problems);
  }

  /** A processor option that does not parse: a warning without a place. */
  void badOption(String text) {
    messager.printMessage(Diagnostic.Kind.WARNING, text);
  }

  private void print(Diagnostic.Kind kind, List<Problem> problems) {
    for (Problem p : problems) {
      if (p.mirror() == null) {
        messager.printMessage(kind, p.text(), p.element());
      } else if (p.value() == null) {
        messager.printMessage(kind, p.text(), p.element(), p.mirror());
      } else {
        messager.printMessage(kind, p.text(), p.element(), p.mirror(), p.value());
      }
    }
  }

  void internalError(Element model, Exception e) {
    messager.printMessage(
        Diagnostic.Kind.ERROR, Message.INTERNAL.text(model, String.valueOf(e)), model);
  }

  void unresolvedTypes(Element model, String generatedName) {
    messager.printMessage(
        Diagnostic.Kind.ERROR, Message.UNRESOLVED_TYPES.text(model, generatedName), model);
  }
}
