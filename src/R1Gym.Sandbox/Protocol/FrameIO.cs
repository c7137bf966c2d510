using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Protocol;

/// <summary>
/// The supervisor/worker wire format: a 4-byte little-endian length, then that many bytes of UTF-8 JSON.
/// Compiled into both the supervisor and the worker (linked source), so neither references the other.
/// </summary>
internal static class FrameIO
{
    /// <summary>Writes one frame and flushes.</summary>
    public static async Task WriteAsync(Stream stream, JsonObject frame, CancellationToken ct = default)
    {
        await stream.WriteAsync(Encode(frame), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads one frame; null at end of stream. Throws <see cref="InvalidDataException"/> for a frame over <paramref name="maxBytes"/> or malformed JSON.</summary>
    public static async Task<JsonObject?> ReadAsync(Stream stream, int maxBytes, CancellationToken ct = default)
    {
        byte[] header = new byte[4];
        if (!await ReadExactlyOrEndAsync(stream, header, ct).ConfigureAwait(false))
            return null;
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > maxBytes)
            throw new InvalidDataException($"frame of {length} bytes (limit {maxBytes})");
        byte[] body = new byte[length];
        if (!await ReadExactlyOrEndAsync(stream, body, ct).ConfigureAwait(false))
            throw new InvalidDataException("stream ended inside a frame");
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new InvalidDataException("frame is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"frame is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Synchronous write, for the worker: it keeps its main thread for the answer and no I/O on the thread pool.</summary>
    public static void Write(Stream stream, JsonObject frame)
    {
        byte[] buffer = Encode(frame);
        lock (stream)
        {
            stream.Write(buffer);
            stream.Flush();
        }
    }

    /// <summary>Header and body in one buffer, so a frame goes out in one write call.</summary>
    private static byte[] Encode(JsonObject frame)
    {
        string json = frame.ToJsonString();
        byte[] buffer = new byte[4 + System.Text.Encoding.UTF8.GetByteCount(json)];
        int length = System.Text.Encoding.UTF8.GetBytes(json, buffer.AsSpan(4));
        BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
        return buffer;
    }

    /// <summary>Synchronous read, for the worker; null at end of stream.</summary>
    public static JsonObject? Read(Stream stream, int maxBytes)
    {
        byte[] header = new byte[4];
        int got = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got == 0)
            return null;
        if (got < 4)
            throw new InvalidDataException("stream ended inside a frame header");
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > maxBytes)
            throw new InvalidDataException($"frame of {length} bytes (limit {maxBytes})");
        byte[] body = new byte[length];
        if (stream.ReadAtLeast(body, length, throwOnEndOfStream: false) < length)
            throw new InvalidDataException("stream ended inside a frame");
        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidDataException("frame is not a JSON object");
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
                return read == 0 ? false : throw new InvalidDataException("stream ended inside a frame");
            read += n;
        }
        return true;
    }
}
