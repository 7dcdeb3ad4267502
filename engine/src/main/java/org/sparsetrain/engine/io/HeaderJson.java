package org.sparsetrain.engine.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of JSON a safetensors header uses: objects, arrays, strings and integers. Parsing gives
 * {@code Map<String, Object>} (in file order), {@code List<Object>}, {@code String} and {@code Long}; anything
 * else ({@code true}, {@code null}, fractions) is rejected with its position, because no valid header has it.
 * Hand-written so that the engine needs no JSON library.
 */
final class HeaderJson {
    private final String text;
    private final String source;
    private int pos;

    private HeaderJson(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses one JSON value that must fill {@code text} (surrounding whitespace allowed). */
    static Object parse(String text, String source) throws SafeTensorsFormatException {
        HeaderJson p = new HeaderJson(text, source);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected text after the JSON header");
        return value;
    }

    private Object value(int depth) throws SafeTensorsFormatException {
        // Headers nest three deep ({name: {shape: [..]}}); a small bound keeps hostile input from overflowing the stack.
        if (depth > 16) throw error("JSON nested too deeply");
        if (pos >= text.length()) throw error("unexpected end of the JSON header");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield integer();
                throw error("unsupported JSON value starting with '" + c + "' (a header holds only objects, arrays,"
                        + " strings and integers)");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SafeTensorsFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a string key in a JSON object");
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.put(key, v) != null) {
                pos = keyPos;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = next("',' or '}' in a JSON object");
            if (c == '}') return map;
            if (c != ',') throw error(pos - 1, "expected ',' or '}' in a JSON object, found '" + c + "'");
        }
    }

    private List<Object> array(int depth) throws SafeTensorsFormatException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next("',' or ']' in a JSON array");
            if (c == ']') return list;
            if (c != ',') throw error(pos - 1, "expected ',' or ']' in a JSON array, found '" + c + "'");
        }
    }

    private String string() throws SafeTensorsFormatException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error(start, "unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error(pos - 1, "control character in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next("an escape character");
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("truncated \\u escape");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(pos + i), 16);
                        if (digit < 0) throw error(pos + i, "bad hex digit in \\u escape");
                        code = code * 16 + digit;
                    }
                    pos += 4;
                    sb.append((char) code); // surrogate pairs arrive as two escapes and join up in the builder
                }
                default -> throw error(pos - 1, "unknown escape \\" + e);
            }
        }
    }

    private Long integer() throws SafeTensorsFormatException {
        int start = pos;
        if (peek() == '-') pos++;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error(start, "a header number must be an integer");
        }
        String digits = text.substring(start, pos);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException ex) {
            throw error(start, "bad integer '" + digits + "'");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private char next(String expected) throws SafeTensorsFormatException {
        if (pos >= text.length()) throw error("unexpected end of the JSON header, expected " + expected);
        return text.charAt(pos++);
    }

    private void expect(char c) throws SafeTensorsFormatException {
        char got = next("'" + c + "'");
        if (got != c) throw error(pos - 1, "expected '" + c + "', found '" + got + "'");
    }

    private SafeTensorsFormatException error(String problem) { return error(pos, problem); }

    private SafeTensorsFormatException error(int at, String problem) {
        return new SafeTensorsFormatException(source, "bad JSON header at character " + at + ": " + problem);
    }

    // ---------------------------------------------------------------- writing

    /** {@code s} as a JSON string literal; non-ASCII characters are kept (the header is UTF-8). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
