package org.senpacs.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest URL opens the study it was issued for, only that one, and only until it expires. */
class ManifestTokenTest {

    @TempDir
    static Path dir;
    static ViewerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ViewerFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static String tokenOf(String manifestUrl) {
        String t = manifestUrl.substring(manifestUrl.indexOf("token=") + 6);
        return t.contains("&") ? t.substring(0, t.indexOf('&')) : t;
    }

    private static String launch(String studyUid) throws Exception {
        return ViewerFixture.manifestUrl(ViewerFixture.weasisCommand(fx.get("/viewer/weasis?studyUID=" + studyUid)));
    }

    @Test
    void noTokenIsUnauthorized() throws Exception {
        assertEquals(401, fx.get("/viewer/manifest?studyUID=2.25.2001").statusCode());
    }

    @Test
    void tokenOfOneStudyCannotFetchAnother() throws Exception {
        String tokenA = tokenOf(launch("2.25.2001"));
        assertEquals(200, fx.get("/viewer/manifest?studyUID=2.25.2001&token=" + tokenA).statusCode());
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2003&token=" + tokenA).statusCode());
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2001&studyUID=2.25.2002&token=" + tokenA).statusCode());
        // another key selecting more than the token's study
        assertEquals(403, fx.get("/viewer/manifest?patientID=BN001&token=" + tokenA).statusCode());
        assertEquals(403, fx.get("/viewer/manifest?accessionNumber=ACC2003&token=" + tokenA).statusCode());
        // probing an unknown patient with someone's token says nothing about it
        assertEquals(403, fx.get("/viewer/manifest?patientID=NOBODY&token=" + tokenA).statusCode());
    }

    @Test
    void tamperedTokenIsRefused() throws Exception {
        String token = tokenOf(launch("2.25.2002"));
        // every other spelling of the last character, including those that decode to the same bytes
        char last = token.charAt(token.length() - 1);
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            if (c == last) continue;
            String flipped = token.substring(0, token.length() - 1) + c;
            assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + flipped).statusCode(), flipped);
        }
        String body = token.substring(0, token.indexOf('.') + 1) + (token.charAt(token.indexOf('.') + 1) == 'x' ? 'y' : 'x')
                + token.substring(token.indexOf('.') + 2);
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + body).statusCode());
        long exp = Long.parseLong(token.substring(0, token.indexOf('.')));
        String later = (exp + 86400) + token.substring(token.indexOf('.'));
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + later).statusCode());
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2002&token=garbage").statusCode());
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        StudyToken tokens = new StudyToken(ViewerFixture.KEY);
        String expired = tokens.issue("2.25.2002", Instant.now().minus(1, ChronoUnit.MINUTES));
        assertEquals(401, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + expired).statusCode());
        String fresh = tokens.issue("2.25.2002", Instant.now().plus(1, ChronoUnit.MINUTES));
        assertEquals(200, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + fresh).statusCode());
        // a token signed with another key
        String foreign = new StudyToken(ViewerOptions.randomKey()).issue("2.25.2002", Instant.now().plus(1, ChronoUnit.MINUTES));
        assertEquals(403, fx.get("/viewer/manifest?studyUID=2.25.2002&token=" + foreign).statusCode());
    }

    @Test
    void verdicts() {
        StudyToken tokens = new StudyToken(ViewerFixture.KEY);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String t = tokens.issue("1.2.3", now.plusSeconds(60));
        assertEquals(StudyToken.Verdict.VALID, tokens.verify(t, "1.2.3", now));
        assertEquals(StudyToken.Verdict.BAD_SIGNATURE, tokens.verify(t, "1.2.4", now));
        assertEquals(StudyToken.Verdict.EXPIRED, tokens.verify(t, "1.2.3", now.plusSeconds(61)));
        assertEquals(StudyToken.Verdict.MALFORMED, tokens.verify("x.abc", "1.2.3", now));
        assertEquals(StudyToken.Verdict.BAD_SIGNATURE, tokens.verify(t.substring(0, t.indexOf('.')) + ".!!", "1.2.3", now));
        assertEquals(StudyToken.Verdict.MALFORMED, tokens.verify(null, "1.2.3", now));
    }
}
