package dev.vigil.core.event.read;

/** Bytes of an .evtx file that do not hold what the format says they must; costs the record or chunk at hand. */
final class EvtxFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EvtxFormatException(String reason) {
        super(reason, null, false, false);
    }
}
