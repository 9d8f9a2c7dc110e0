package io.github.precursorwatch.resolver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites turns trade spellings that OPSIN does not read into systematic
 * ones with the same locants. They are tried only after the name as written
 * failed, so a name OPSIN reads is never changed.
 *
 * <p>"glycidic acid" and "glycidate" number the carboxyl carbon 1, the alpha
 * carbon 2 and the beta carbon 3; in "oxirane-2-carboxylic acid" the alpha
 * carbon is 2 and the beta carbon 3 as well, so substituent locants carry over
 * ("2-methyl-3-phenylglycidic acid" is "2-methyl-3-phenyloxirane-2-carboxylic acid").
 */
final class Rewrites {
    private static final Pattern[] FROM = {
        Pattern.compile("glycidic acid", Pattern.CASE_INSENSITIVE),
        Pattern.compile("glycidate", Pattern.CASE_INSENSITIVE),
        Pattern.compile("glycidic", Pattern.CASE_INSENSITIVE),
    };
    private static final String[] TO = {
        "oxirane-2-carboxylic acid",
        "oxirane-2-carboxylate",
        "oxirane-2-carboxylic",
    };

    private Rewrites() {}

    /** apply returns the rewritten name, or null when no rewrite applies. */
    static String apply(String name) {
        String out = name;
        for (int i = 0; i < FROM.length; i++) {
            Matcher m = FROM[i].matcher(out);
            out = m.replaceAll(Matcher.quoteReplacement(TO[i]));
        }
        return out.equals(name) ? null : out;
    }
}
