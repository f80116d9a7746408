package org.senpacs.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The AOT training run that ./sen makes once per build works end to end: it synthesizes a corpus,
 * sends it to an in-process scp, echoes and dumps, and fails loudly when a step fails (./sen then
 * runs the tools without a cache).
 */
class AotTrainCommandTest {

    @Test
    void trainingRunSucceeds() {
        assertEquals(SenTools.OK, SenTools.run("aot-train"));
    }
}
