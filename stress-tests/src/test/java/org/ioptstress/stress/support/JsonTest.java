package org.ioptstress.stress.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest
{
    record Row(String name, Long count, List<String> tags)
    {
    }

    @Test
    void untypedDocumentsReadBackAsWritten()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" | line\nand\ttab \\ ✓ <b>=</b>");
        m.put("n", 42L);
        m.put("d", 0.5);
        m.put("b", true);
        m.put("z", null);
        m.put("l", List.of(1L, "x", List.of(), Map.of()));

        final String text = Json.write(m);

        assertThat(Json.read(text)).isEqualTo(m);
        assertThat(text).as("nulls are part of the schema; text is not HTML-escaped").contains("\"z\": null", "<b>=</b>");
    }

    @Test
    void recordsMapFieldForField()
    {
        final Row row = new Row("v8", null, List.of("a"));

        assertThat(Json.read(Json.write(row), Row.class)).isEqualTo(row);
        assertThat(Json.write(row)).contains("\"count\": null");
    }

    @Test
    void badDocumentsAreOneLineIllegalArgumentExceptions()
    {
        assertThatThrownBy(() -> Json.read("{\"a\": }")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("JSON: ").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Json.read("")).hasMessage("JSON: empty document");
        assertThatThrownBy(() -> Json.read("{} x")).isInstanceOf(IllegalArgumentException.class);
    }
}
