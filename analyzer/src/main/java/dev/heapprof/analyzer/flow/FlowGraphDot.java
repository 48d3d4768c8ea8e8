package dev.heapprof.analyzer.flow;

import dev.heapprof.analyzer.ByteUnits;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link FlowGraph}'s layout as graphviz DOT: HTML-like table labels (a box's lines, then
 * one {@code LOCAL / CUM = PP%} cell per moment coloured from blue to red), edges with one figure per
 * moment, tooltips with the full names, and a legend. Every label is escaped here and nowhere else.
 */
final class FlowGraphDot {
    private final FlowGraph g;

    FlowGraphDot(FlowGraph g) {
        this.g = g;
    }

    void write(Writer w) throws IOException {
        FlowGraph.Layout layout = g.layout();
        int m = g.times.length;
        Map<String, FlowGraph.Box> boxOf = new HashMap<>();
        for (FlowGraph.Box b : layout.boxes()) {
            for (String n : b.nodes()) {
                boxOf.put(n, b);
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("digraph heapprof {\n");
        s.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=<").append(legend(layout)).append(">];\n");
        s.append("  node [shape=plaintext, fontname=\"Helvetica\"];\n");
        s.append("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];\n");
        for (FlowGraph.Box b : layout.boxes()) {
            long[] cum = g.cumulative.get(b.head());
            long[] loc = new long[m];
            for (String n : b.nodes()) {
                long[] l = g.local.get(n);
                for (int i = 0; i < m; i++) {
                    loc[i] += l[i];
                }
            }
            double localShare = 0;
            for (int i = 0; i < m; i++) {
                localShare = Math.max(localShare, g.share(loc[i], i));
            }
            int fontSize = g.options.scaleFont() ? (int) Math.round(10 + 14 * Math.sqrt(localShare)) : 12;
            s.append("  ").append(b.id()).append(" [tooltip=\"").append(dotString(tooltip(b, cum, loc))).append("\", label=<");
            s.append("<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"3\"><tr><td colspan=\"").append(m)
                    .append("\" align=\"left\"><font point-size=\"").append(fontSize).append("\">");
            for (int k = 0; k < b.nodes().size(); k++) {
                if (k > 0) {
                    s.append("<br align=\"left\"/>");
                }
                s.append(html(shortName(b.nodes().get(k))));
            }
            s.append("<br align=\"left\"/></font></td></tr><tr>");
            for (int i = 0; i < m; i++) {
                double c = g.share(cum[i], i);
                s.append("<td bgcolor=\"").append(color(c)).append("\"><font color=\"white\" point-size=\"10\">")
                        .append(html(ByteUnits.format(loc[i]) + " / " + ByteUnits.format(cum[i]) + " = " + Math.round(100 * c) + "%"))
                        .append("</font></td>");
            }
            s.append("</tr></table>>];\n");
        }
        long maxEdge = 1;
        for (long[] v : layout.edges().values()) {
            for (long b : v) {
                maxEdge = Math.max(maxEdge, b);
            }
        }
        for (Map.Entry<String, long[]> e : layout.edges().entrySet()) {
            String[] ends = e.getKey().split("\u0000", 2);
            long max = 0;
            StringBuilder label = new StringBuilder();
            for (int i = 0; i < m; i++) {
                label.append(i == 0 ? "" : " / ").append(ByteUnits.format(e.getValue()[i]));
                max = Math.max(max, e.getValue()[i]);
            }
            double width = 1 + 4 * Math.sqrt((double) max / maxEdge);
            s.append("  ").append(boxOf.get(ends[0]).id()).append(" -> ").append(boxOf.get(ends[1]).id()).append(" [label=\"")
                    .append(dotString(label.toString())).append("\", penwidth=").append(String.format(Locale.ROOT, "%.2f", width))
                    .append(", tooltip=\"").append(dotString(ends[0] + " -> " + ends[1])).append("\"];\n");
        }
        for (String n : layout.dottedFromRoot()) {
            // From the program root, or without one from the box that holds the most.
            FlowGraph.Box root = boxOf.get(FlowGraph.ROOT);
            if (root == null) {
                root = layout.boxes().stream().max(Comparator.comparingLong((FlowGraph.Box x) -> Arrays.stream(g.cumulative.get(x.head())).max()
                        .orElse(0)).thenComparing(FlowGraph.Box::id, Comparator.reverseOrder())).orElse(null);
            }
            if (root != null && root != boxOf.get(n)) {
                s.append("  ").append(root.id()).append(" -> ").append(boxOf.get(n).id())
                        .append(" [style=dotted, tooltip=\"callers dropped as too small\"];\n");
            }
        }
        s.append("}\n");
        w.write(s.toString());
    }

    private String tooltip(FlowGraph.Box b, long[] cum, long[] loc) {
        StringBuilder t = new StringBuilder(String.join("\n", b.nodes()));
        for (int i = 0; i < g.times.length; i++) {
            t.append(String.format(Locale.ROOT, "\nat %.3f s: %s allocated here, %s through here", g.times[i], ByteUnits.format(loc[i]),
                    ByteUnits.format(cum[i])));
        }
        return t.toString();
    }

    private String legend(FlowGraph.Layout layout) {
        StringBuilder s = new StringBuilder("<b>").append(html(g.title)).append("</b>");
        for (int i = 0; i < g.times.length; i++) {
            s.append("<br/>").append(html(String.format(Locale.ROOT, "at %.3f s: %s live; %s allocated at lines not shown", g.times[i],
                    ByteUnits.format(g.totals[i]), ByteUnits.format(layout.droppedLocal()[i]))));
        }
        s.append("<br/>").append(html(String.format(Locale.ROOT,
                "%d of %d %ss shown (at least %.1f%% of the live bytes at some moment); cells: LOCAL / CUMULATIVE = share of the total,"
                        + " blue (small) to red (large)", layout.nodesKept(), layout.nodesTotal(), g.options.group() == FlowGraph.Group.clazz ? "class"
                        : g.options.group().name(), 100 * g.options.minNodeFraction())));
        return s.toString();
    }

    /**
     * A node's name in its box, without the package: {@code DataPipeline.report(DataPipeline.java:100)}
     * for {@code dev.acme.DataPipeline.report(DataPipeline.java:100)}. Boxes stay distinct (they are
     * keyed by the full name) and the tooltip gives the full name; graphs of real programs would
     * otherwise be mostly package names.
     */
    String shortName(String node) {
        if (node.startsWith("(")) {
            return node; // (program), (other ...)
        }
        int paren = node.indexOf('(');
        String qualified = paren < 0 ? node : node.substring(0, paren);
        String rest = paren < 0 ? "" : node.substring(paren);
        // Class.method for lines and methods, Class for classes: the last two or one dotted segments.
        int keep = g.options.group() == FlowGraph.Group.clazz ? 1 : 2;
        int cut = qualified.length();
        for (int i = 0; i < keep && cut > 0; i++) {
            cut = qualified.lastIndexOf('.', cut - 1);
        }
        return (cut <= 0 ? qualified : qualified.substring(cut + 1)) + rest;
    }

    /** Blue for a small share to red for a large one. */
    static String color(double share) {
        double t = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(0x2C + t * (0xD7 - 0x2C));
        int g = (int) Math.round(0x7B + t * (0x19 - 0x7B));
        int b = (int) Math.round(0xB6 + t * (0x1C - 0xB6));
        return String.format("#%02x%02x%02x", r, g, b);
    }

    /** Text for graphviz's HTML-like labels: &amp;, &lt;, &gt;, quotes escaped. */
    static String html(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c < 0x20 ? ' ' : c);
            }
        }
        return s.toString();
    }

    /** Text inside a DOT double-quoted string: quotes and backslashes escaped, line breaks as graphviz's \n. */
    static String dotString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "");
    }
}
