package dev.vigil.cli;

import dev.vigil.core.Detection;
import java.io.IOException;

/** Writes detections one at a time, flushing each, so that output follows the hunt as it goes. */
interface DetectionWriter {

    void write(Detection detection) throws IOException;

    /** Flushes what is left; the underlying writer stays open. */
    void finish() throws IOException;
}
