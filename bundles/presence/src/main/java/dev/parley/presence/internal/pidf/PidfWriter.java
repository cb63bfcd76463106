package dev.parley.presence.internal.pidf;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.presence.BasicStatus;

/**
 * Writes a {@link PidfDocument} as PIDF with the RPID person element. Prefixes are fixed ({@code dm:}, {@code rpid:})
 * because some watchers (baresip) look for {@code <rpid:busy/>} as text rather than parse the XML.
 */
public final class PidfWriter {

    private PidfWriter() {
    }

    public static String write(PidfDocument document) {
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<presence xmlns=\"").append(Pidf.NS).append("\" xmlns:dm=\"").append(Pidf.DATA_MODEL_NS)
                .append("\" xmlns:rpid=\"").append(Pidf.RPID_NS).append("\" entity=\"")
                .append(escape(document.entity())).append("\">\n");
        for (PidfTuple tuple : document.tuples()) {
            xml.append("  <tuple id=\"").append(escape(tuple.id())).append("\">\n    <status>");
            if (tuple.basic() != null) {
                xml.append("<basic>").append(tuple.basic() == BasicStatus.OPEN ? "open" : "closed").append("</basic>");
            }
            xml.append("</status>\n");
            element(xml, "    ", "contact", tuple.contact());
            element(xml, "    ", "note", tuple.note());
            xml.append("  </tuple>\n");
        }
        element(xml, "  ", "note", document.note());
        List<String> activities = document.activities();
        if (activities != null || document.note() != null) {
            xml.append("  <dm:person id=\"p-").append(Integer.toHexString(document.entity().hashCode()))
                    .append("\">\n");
            if (activities != null) {
                activities(xml, activities);
            }
            element(xml, "    ", "dm:note", document.note());
            xml.append("  </dm:person>\n");
        }
        return xml.append("</presence>\n").toString();
    }

    private static void activities(StringBuilder xml, List<String> activities) {
        if (activities.isEmpty()) {
            xml.append("    <rpid:activities/>\n");
            return;
        }
        xml.append("    <rpid:activities>");
        for (String activity : activities) {
            if (Pidf.ACTIVITIES.contains(activity)) {
                xml.append("<rpid:").append(activity).append("/>");
            } else {
                xml.append("<rpid:other>").append(escape(activity)).append("</rpid:other>");
            }
        }
        xml.append("</rpid:activities>\n");
    }

    private static void element(StringBuilder xml, String indent, String name, @Nullable String text) {
        if (text != null) {
            xml.append(indent).append('<').append(name).append('>').append(escape(text)).append("</").append(name)
                    .append(">\n");
        }
    }

    /** Escapes text and attribute values; characters XML 1.0 cannot carry are dropped. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000) {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }
}
