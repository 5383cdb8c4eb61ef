package dev.blockscope.ui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page as bytes: the data block is escaped, the page is self-contained, bad input is refused. */
class ReportPageTest {

    static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"blockscope-data\">(.*?)</script>", Pattern.DOTALL);

    /**
     * The page's scripts share one global scope, so a function two of them define is silently the
     * later one's: urlstate.js's intervalAt (an interval by its exact start) replaced detail.js's
     * (the interval covering a moment), and a wake-up link stopped picking the other end's interval.
     */
    @Test
    void noTwoScriptsDefineTheSameFunction() throws IOException {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        Pattern function = Pattern.compile("^(?:async\\s+)?function\\s*\\*?\\s*([A-Za-z_$][\\w$]*)", Pattern.MULTILINE);
        for (String script : PageTemplate.SCRIPTS) {
            String source;
            try (java.io.InputStream in = PageTemplate.class.getResourceAsStream(script)) {
                assertThat(in).as(script).isNotNull();
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = function.matcher(source);
            while (m.find()) {
                String before = seen.putIfAbsent(m.group(1), script);
                assertThat(before).as("function %s is defined in %s and in %s", m.group(1), before, script).isNull();
            }
        }
        assertThat(seen).containsKeys("followTask", "applyUrlState");
    }

    @Test
    void dataBlockHoldsTheJsonWithEveryLessThanEscaped() throws IOException {
        String json = "{\"tasks\":[{\"name\":\"</script><script>alert(1)</script><!--\"}],\"x\":\"é\\u003c<\"}";
        String page = page(json.getBytes(StandardCharsets.UTF_8));
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        String block = m.group(1);
        assertThat(block).doesNotContain("<");
        // undoing the escape gives back the input exactly: the JSON value is unchanged
        assertThat(block.replace("\\u003c", "<")).isEqualTo(json.replace("\\u003c", "<"));
        assertThat(block).contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--", "é");
        // the data block is the last-but-one script: nothing in the data ended it early
        assertThat(page.indexOf("</script>", m.start())).isEqualTo(m.end() - "</script>".length());
    }

    @Test
    void largeAnalysesAreEmbeddedAsGzipBase64OfTheExactBytes() throws IOException {
        StringBuilder json = new StringBuilder("{\"tasks\":[");
        for (int i = 0; json.length() <= PageTemplate.COMPRESS_ABOVE; i++) {
            json.append(i > 0 ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"</script>worker-").append(i).append("\"}");
        }
        byte[] input = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String page = page(input);
        Matcher m = Pattern.compile("<script type=\"application/octet-stream\" id=\"blockscope-data\" data-encoding=\"gzip\\+base64\">"
                + "([A-Za-z0-9+/=]+)</script>").matcher(page);
        assertThat(m.find()).isTrue();
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(m.group(1))))) {
            assertThat(in.readAllBytes()).isEqualTo(input);
        }
        assertThat(page.length()).isLessThan(input.length / 2);
    }

    @Test
    void aLargeTimelineComesAsOverviewBeforeTheScriptAndColumnsInPartsAfterIt() throws Exception {
        SyntheticAnalysis data = new SyntheticAnalysis(4, 20_000, 2, 3);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PageTemplate.get().write(data.analysisJson(), out, 0);
        String page = out.toString(StandardCharsets.UTF_8);
        assertThat(page).containsPattern("<script [^>]*id=\"blockscope-data\"[^>]* data-columns=\"after\"");
        int json = page.indexOf("id=\"blockscope-data\""), overview = page.indexOf("id=\"blockscope-overview\"");
        int script = page.indexOf("<script>"), columns = page.indexOf("id=\"blockscope-columns\"");
        assertThat(json).isPositive().isLessThan(overview);
        assertThat(overview).isLessThan(script);
        assertThat(script).isLessThan(columns);
        assertThat(page).contains("data-count=\"240000\" data-names=\"task,start,end,state,reason,carrier,stack,waker,blocker\"");
        // the parts, joined in document order, are the one gzip stream of the varint columns
        Matcher part = Pattern.compile("<script type=\"application/octet-stream\" (?:id=\"blockscope-columns\"[^>]*|data-part-of=\"blockscope-columns\")>"
                + "([A-Za-z0-9+/=]*)</script>").matcher(page);
        StringBuilder base64 = new StringBuilder();
        int parts = 0;
        while (part.find()) {
            assertThat(part.group(1).length() % 4).isZero();
            base64.append(part.group(1));
            parts++;
        }
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        TimelineColumns.split(data.analysisJson()).writeBinary(expected);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64.toString())))) {
            assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
        }
        assertThat(parts).isGreaterThan(1).isEqualTo((int) ((base64.length() + PageTemplate.PART_CHARS - 1) / PageTemplate.PART_CHARS));
        assertThat(page).contains("worker-src blob:");
    }

    @Test
    void pageIsSelfContained() throws IOException {
        String page = page("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(page).startsWith("<!doctype html>");
        assertThat(page).doesNotContainPattern("(?i)<(link|img|iframe)\\b");
        assertThat(page).doesNotContainPattern("(?i)<script[^>]+src=");
        assertThat(page).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.(com|org|net|io|dev)\\b");
        assertThat(page).contains("Content-Security-Policy", "script-src 'sha256-");
    }

    @Test
    void policyHashMatchesTheInlineScript() throws Exception {
        String page = page("{}".getBytes(StandardCharsets.UTF_8));
        Matcher policy = Pattern.compile("script-src 'sha256-([A-Za-z0-9+/=]+)'").matcher(page);
        assertThat(policy.find()).isTrue();
        int open = page.lastIndexOf("<script>") + "<script>".length();
        String script = page.substring(open, page.indexOf("</script>", open));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
        assertThat(java.util.Base64.getEncoder().encodeToString(digest)).isEqualTo(policy.group(1));
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> page("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> page(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    static String page(byte[] json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportPage.write(json, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
