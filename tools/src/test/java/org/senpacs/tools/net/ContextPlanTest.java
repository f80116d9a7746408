package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.senpacs.dicom.UID;

/** Which presentation contexts store proposes, without sockets. */
class ContextPlanTest {

    private static InstanceScan.Instance file(String sopClass, String ts) {
        return new InstanceScan.Instance(Path.of("x"), sopClass, "2.25.1", ts, "2.25.2", 100, 0);
    }

    @Test
    void oneContextPerSopClassAndSyntaxFound() {
        List<ContextPlan.Batch> plan = ContextPlan.of(List.of(
                file(UID.CTImageStorage, UID.ExplicitVRLittleEndian),
                file(UID.CTImageStorage, UID.ExplicitVRLittleEndian),
                file(UID.CTImageStorage, UID.JPEG2000Lossless),
                file(UID.MRImageStorage, UID.ImplicitVRLittleEndian)));
        assertEquals(1, plan.size());
        assertEquals(List.of(
                new ContextPlan.Context(UID.CTImageStorage, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)),
                new ContextPlan.Context(UID.CTImageStorage, List.of(UID.JPEG2000Lossless)),
                new ContextPlan.Context(UID.MRImageStorage, List.of(UID.ImplicitVRLittleEndian)),
                // the fallback that lets an Implicit VR file be converted if its syntax is refused
                new ContextPlan.Context(UID.MRImageStorage, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian))),
                plan.get(0).contexts());
        assertEquals(4, plan.get(0).instances().size());
    }

    @Test
    void overOneHundredTwentyEightContextsOneContextPerSopClass() {
        List<InstanceScan.Instance> files = new ArrayList<>();
        String[] syntaxes = {UID.JPEGBaseline8Bit, UID.JPEG2000, UID.RLELossless};
        for (int c = 0; c < 50; c++) {
            for (String ts : syntaxes) files.add(file("1.2.3." + c, ts));
        }
        files.add(file("1.2.3.0", UID.JPEGBaseline8Bit)); // the most frequent syntax of class 0 comes first
        List<ContextPlan.Batch> plan = ContextPlan.of(files);
        assertEquals(1, plan.size());
        assertEquals(50, plan.get(0).contexts().size());
        assertEquals(List.of(UID.JPEGBaseline8Bit, UID.JPEG2000, UID.RLELossless, UID.ExplicitVRLittleEndian,
                UID.ImplicitVRLittleEndian), plan.get(0).contexts().get(0).transferSyntaxes());
    }

    @Test
    void overOneHundredTwentyEightSopClassesSeveralAssociations() {
        List<InstanceScan.Instance> files = new ArrayList<>();
        for (int c = 0; c < 300; c++) files.add(file("1.2.3." + c, UID.ExplicitVRLittleEndian));
        List<ContextPlan.Batch> plan = ContextPlan.of(files);
        assertEquals(3, plan.size());
        assertEquals(List.of(128, 128, 44), plan.stream().map(b -> b.contexts().size()).toList());
        assertEquals(300, plan.stream().mapToInt(b -> b.instances().size()).sum());
        assertEquals("1.2.3.128", plan.get(1).instances().get(0).sopClass());
    }
}
