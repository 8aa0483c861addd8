package io.filebridge.faults;

import java.nio.file.Path;

import io.filebridge.testsupport.HotFolder;

/** One file the suite fed into a pipeline: where it went in, and exactly what it held. */
record Input(String pipeline, int index, String relativePath, byte[] content, String sha256) {

    static Input of(String pipeline, int index, String relativePath, byte[] content) {
        return new Input(pipeline, index, relativePath, content, HotFolder.sha256(content));
    }

    /** This input's file below a folder (inbox, archive, outbox), keeping its subfolders. */
    Path under(Path folder) {
        return folder.resolve(relativePath);
    }

    /** A sibling name below a folder: {@code <relative path><suffix>}, e.g. ".receipt.json". */
    Path under(Path folder, String suffix) {
        return folder.resolve(relativePath + suffix);
    }

    @Override
    public String toString() {
        return pipeline + ":" + relativePath;
    }
}
