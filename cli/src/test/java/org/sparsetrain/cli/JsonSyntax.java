package org.sparsetrain.cli;

/** A strict JSON syntax check for tests (RFC 8259 grammar; no values are built). */
final class JsonSyntax {
    private final String s;
    private int i;

    private JsonSyntax(String s) { this.s = s; }

    /** Throws {@link IllegalArgumentException} with the position if {@code text} is not one JSON value. */
    static void check(String text) {
        JsonSyntax p = new JsonSyntax(text);
        p.ws();
        p.value();
        p.ws();
        if (p.i != text.length()) throw p.error("trailing text");
    }

    private void value() {
        if (i >= s.length()) throw error("value expected");
        char c = s.charAt(i);
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object() {
        i++;
        ws();
        if (peek('}')) { i++; return; }
        while (true) {
            ws();
            string();
            ws();
            expect(':');
            ws();
            value();
            ws();
            if (peek(',')) { i++; continue; }
            expect('}');
            return;
        }
    }

    private void array() {
        i++;
        ws();
        if (peek(']')) { i++; return; }
        while (true) {
            ws();
            value();
            ws();
            if (peek(',')) { i++; continue; }
            expect(']');
            return;
        }
    }

    private void string() {
        expect('"');
        while (i < s.length() && s.charAt(i) != '"') {
            if (s.charAt(i) < 0x20) throw error("control character in string");
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        expect('"');
    }

    private void number() {
        var m = java.util.regex.Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?").matcher(s).region(i, s.length());
        if (!m.lookingAt()) throw error("number expected");
        i = m.end();
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) throw error(word + " expected");
        i += word.length();
    }

    private void ws() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }

    private boolean peek(char c) { return i < s.length() && s.charAt(i) == c; }

    private void expect(char c) {
        if (!peek(c)) throw error("'" + c + "' expected");
        i++;
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, i - 30), to = Math.min(s.length(), i + 30);
        return new IllegalArgumentException("invalid JSON at " + i + ": " + what + " near '" + s.substring(from, to) + "'");
    }
}
