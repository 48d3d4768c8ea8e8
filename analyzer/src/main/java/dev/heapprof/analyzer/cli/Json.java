package dev.heapprof.analyzer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;

/** JSON output: field order as built, every string escaped by Jackson, one document (or one line) per call. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** One pretty-printed document. */
    static void print(PrintWriter out, ObjectNode node) throws IOException {
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** One compact line (JSON Lines). */
    static void printLine(PrintWriter out, ObjectNode node) throws IOException {
        out.println(MAPPER.writeValueAsString(node));
    }

    /** Seconds with nanosecond resolution as a JSON number. */
    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
