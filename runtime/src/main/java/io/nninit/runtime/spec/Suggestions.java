package io.nninit.runtime.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" help for misspelt names: the closest candidate by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code word} by Levenshtein distance, ignoring case and underscores,
   * if it is close enough to be a plausible typo (distance at most a third of the longer name, and
   * at least 1 allowed). Ties go to the earlier candidate, so the result is deterministic.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String w = normalize(word);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String n = normalize(c);
      int d = distance(w, n);
      if (n.startsWith(w) || w.startsWith(n)) {
        d = Math.min(d, 1);
      }
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(1, Math.max(w.length(), normalize(best).length()) / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static String normalize(String s) {
    return s.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance (insert, delete, substitute, each cost 1). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
