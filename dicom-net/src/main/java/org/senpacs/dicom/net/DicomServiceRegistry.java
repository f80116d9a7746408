package org.senpacs.dicom.net;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.UidDictionary;

/**
 * Handlers by DIMSE request and SOP class. {@link #ANY_SOP_CLASS} registers a handler for every
 * SOP class of that request (an archive's C-STORE); {@link #registerStorage} does so for C-STORE and
 * lets the acceptor accept every storage SOP class of the standard.
 */
public final class DicomServiceRegistry {

    public static final String ANY_SOP_CLASS = "*";

    private final Map<String, DimseRequestHandler> handlers = new ConcurrentHashMap<>();
    private volatile boolean anyStorage;

    /** A registry that answers C-ECHO (Verification). */
    public static DicomServiceRegistry withVerification() {
        DicomServiceRegistry r = new DicomServiceRegistry();
        r.register(Dimse.C_ECHO_RQ, UID.Verification, req -> req.respond(Status.SUCCESS));
        return r;
    }

    public DicomServiceRegistry register(Dimse request, String sopClassUid, DimseRequestHandler handler) {
        handlers.put(key(request, sopClassUid), handler);
        return this;
    }

    /** Registers a C-STORE handler for every storage SOP class, standard or not. */
    public DicomServiceRegistry registerStorage(DimseRequestHandler handler) {
        anyStorage = true;
        return register(Dimse.C_STORE_RQ, ANY_SOP_CLASS, handler);
    }

    public DimseRequestHandler handler(Dimse request, String sopClassUid) {
        DimseRequestHandler h = handlers.get(key(request, sopClassUid));
        return h != null ? h : handlers.get(key(request, ANY_SOP_CLASS));
    }

    private static String key(Dimse request, String sopClassUid) {
        return request.name() + '|' + sopClassUid;
    }

    /** True when some handler serves this abstract syntax (so the acceptor may accept it). */
    public boolean serves(String sopClassUid) {
        if (anyStorage && UidDictionary.standard().isStorageSopClass(sopClassUid)) return true;
        for (String k : handlers.keySet()) {
            String uid = k.substring(k.indexOf('|') + 1);
            if (uid.equals(sopClassUid)) return true;
        }
        return false;
    }

    public boolean servesAnyStorage() {
        return anyStorage;
    }

    /** The SOP classes with a specific handler (for the conformance statement). */
    public Set<String> sopClasses() {
        Set<String> s = new LinkedHashSet<>();
        for (String k : handlers.keySet()) {
            String uid = k.substring(k.indexOf('|') + 1);
            if (!uid.equals(ANY_SOP_CLASS)) s.add(uid);
        }
        if (anyStorage) s.addAll(UidDictionary.standard().storageSopClasses());
        return s;
    }
}
