package dev.playlog.lake;

/** One Parquet object ready to upload: its deterministic key, its bytes and how many rows it holds. */
public record LakeObject(String key, byte[] content, int rows) {
}
