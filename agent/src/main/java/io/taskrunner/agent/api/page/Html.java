package io.taskrunner.agent.api.page;

/** A page being written: markup as it is, every text escaped. */
final class Html {
    private final StringBuilder out = new StringBuilder(8192);

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return this;
    }

    void row(boolean header, String... cells) {
        String tag = header ? "th" : "td";
        out.append("<tr>");
        for (String cell : cells) {
            raw("<" + tag + ">").text(cell).raw("</" + tag + ">");
        }
        out.append("</tr>");
    }

    /** A run's row, its state as a class for the colour. */
    void stateRow(String state, String... cells) {
        raw("<tr class=\"").text(state).raw("\">");
        for (String cell : cells) {
            raw("<td>").text(cell).raw("</td>");
        }
        out.append("</tr>");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
