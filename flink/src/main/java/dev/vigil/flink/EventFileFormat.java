package dev.vigil.flink;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads event files for a Flink {@code FileSource} as {@code vigil hunt} reads them ({@link EventReader}:
 * JSON Lines, a JSON array, {@code evtx_dump} output, {@code .evtx} on a local file system, gzipped or
 * not), each event with its file and line, so that alert ids equal {@code vigil hunt}'s for the same
 * path. A file is one split (not divided); a restore skips the events of the file read before the
 * checkpoint.
 *
 * <pre>{@code
 * FileSource<Event> source = FileSource.forBulkFileFormat(new EventFileFormat(), new Path("events")).build();
 * }</pre>
 *
 * <p>Records an {@link EventReader} skips (malformed, beyond its limits) are logged by it and not
 * emitted; the {@code ReadLimits} are the defaults.
 */
public final class EventFileFormat implements BulkFormat<Event, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Events per batch handed to Flink. */
    static final int BATCH = 512;

    @Override
    public BulkFormat.Reader<Event> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Reader(split, 0);
    }

    @Override
    public BulkFormat.Reader<Event> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new Reader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Event> getProducedType() {
        return VigilTypes.event();
    }

    /** One file's events, in batches, counting them for the checkpointed position. */
    private static final class Reader implements BulkFormat.Reader<Event> {
        private final EventReader reader;
        private final Iterator<Event> events;
        private long emitted;

        Reader(FileSourceSplit split, long skip) throws IOException {
            Path path = split.path();
            EventReader.Builder b = EventReader.builder();
            reader = "file".equals(path.toUri().getScheme()) || path.toUri().getScheme() == null
                    ? b.open(java.nio.file.Path.of(path.toUri().getPath()))
                    : b.open(path.getFileSystem().open(path), path.toString());
            events = reader.iterator();
            while (emitted < skip && events.hasNext()) {
                events.next();
                emitted++;
            }
        }

        @Override
        public BulkFormat.RecordIterator<Event> readBatch() {
            if (!events.hasNext()) {
                return null;
            }
            List<Event> batch = new ArrayList<>(BATCH);
            while (batch.size() < BATCH && events.hasNext()) {
                batch.add(events.next());
            }
            IteratorResultIterator<Event> it =
                    new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, emitted);
            emitted += batch.size();
            return it;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
