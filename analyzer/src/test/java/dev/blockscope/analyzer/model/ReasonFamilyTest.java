package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.event.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one table of reason to family: every reason code of the event schema has the family
 * written here, the analysis JSON carries the table, and the web UI's test fixtures carry the
 * same table (ui's ReasonColourBrowserTest checks each family's colour on them).
 */
class ReasonFamilyTest {
    /** The expected family of every reason code: written out, so a change to the table is a change here too. */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put(Reason.SLEEP, "sleep");
        for (String r : List.of(Reason.PARK_LOCK, Reason.PARK_CONDITION, Reason.PARK_LATCH, Reason.PARK_SEMAPHORE,
                Reason.MONITOR_ENTER, Reason.MONITOR_WAIT)) {
            EXPECTED.put(r, "lock");
        }
        for (String r : List.of(Reason.PARK_QUEUE, Reason.PARK_FUTURE, Reason.JOIN, Reason.CHAN_SEND, Reason.CHAN_RECV,
                Reason.CHAN_SELECT, Reason.WAITGROUP)) {
            EXPECTED.put(r, "handoff");
        }
        for (String r : List.of(Reason.SOCKET_READ, Reason.SOCKET_WRITE, Reason.SOCKET_ACCEPT, Reason.SOCKET_CONNECT, Reason.SELECTOR)) {
            EXPECTED.put(r, "net");
        }
        EXPECTED.put(Reason.FILE_READ, "file");
        EXPECTED.put(Reason.FILE_WRITE, "file");
        EXPECTED.put(Reason.PROCESS_WAIT, "process");
        EXPECTED.put(Reason.CARRIER_IDLE, "idle");
        EXPECTED.put(Reason.AGENT_START, "agent");
        for (String r : List.of(Reason.YIELD, Reason.CLASS_INIT, Reason.PARK_OTHER, Reason.OTHER)) {
            EXPECTED.put(r, "other");
        }
    }

    @Test
    void everyReasonOfTheEventSchemaHasItsFamily() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(Reason.ALL);
        assertThat(ReasonFamily.knownReasons()).containsExactlyInAnyOrderElementsOf(Reason.ALL);
        EXPECTED.forEach((reason, family) -> assertThat(ReasonFamily.of(reason).id()).as(reason).isEqualTo(family));
    }

    @Test
    void aReasonTheTableDoesNotNameIsOtherAndListed() {
        assertThat(ReasonFamily.of("park.new-kind")).isEqualTo(ReasonFamily.OTHER);
        assertThat(ReasonFamily.of(null)).isEqualTo(ReasonFamily.OTHER);
        assertThat(ReasonFamily.ids(Set.of("park.new-kind"))).containsEntry("park.new-kind", "other").containsEntry("chan.send", "handoff");
    }

    @Test
    void familyProfilesAreGosSyncNetAndSyscall() {
        assertThat(ReasonFamily.profiles()).containsExactly("sync", "net", "file");
        assertThat(ReasonFamily.LOCK.profile()).isEqualTo("sync");
        assertThat(ReasonFamily.HANDOFF.profile()).isEqualTo("sync");
        assertThat(ReasonFamily.SLEEP.profile()).isNull();
    }

    @Test
    void theAnalysisCarriesTheTable() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        assertThat(a.reasonFamilies().reasons()).containsAllEntriesOf(EXPECTED);
        assertThat(a.reasonFamilies().families()).extracting(Analysis.Family::id)
                .containsExactly("sleep", "lock", "handoff", "net", "file", "process", "idle", "agent", "other");
        JsonNode json = new ObjectMapper().readTree(AnalysisJson.bytes(a));
        assertThat(json.at("/reasonFamilies/reasons/chan.send").asText()).isEqualTo("handoff");
        assertThat(json.at("/reasonFamilies/families/1/profile").asText()).isEqualTo("sync");
    }

    /** The UI's fixtures (ui/src/test/resources) carry the analyzer's table, so its browser tests colour by it. */
    @Test
    void theUiFixturesCarryThisTable() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode expected = mapper.readTree(AnalysisJson.bytes(Map.of(
                "families", java.util.Arrays.stream(ReasonFamily.values()).map(f -> new Analysis.Family(f.id(), f.label(), f.profile())).toList(),
                "reasons", ReasonFamily.ids(Set.of()))));
        Path fixtures = Path.of("../ui/src/test/resources/dev/blockscope/ui");
        assertThat(mapper.readTree(Files.readString(fixtures.resolve("reason-families.json")))).as("reason-families.json, expected %s", expected)
                .isEqualTo(expected);
        for (String name : List.of("small-analysis.json", "demo-analysis.json", "demo-idle-analysis.json")) {
            assertThat(mapper.readTree(Files.readString(fixtures.resolve(name))).get("reasonFamilies")).as(name).isEqualTo(expected);
        }
    }
}
