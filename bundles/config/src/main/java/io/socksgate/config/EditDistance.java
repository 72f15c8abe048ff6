package io.socksgate.config;

/**
 * How many single-character edits (insert, delete, replace, swap two neighbours) turn one word into
 * another: the measure by which a misspelt configuration key finds the key it was meant to be.
 */
final class EditDistance {

    private EditDistance() {}

    static int between(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int replace = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + replace);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1); // two neighbours swapped
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
