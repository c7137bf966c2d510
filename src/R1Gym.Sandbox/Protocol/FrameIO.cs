using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace R1Gym.Sandbox.Protocol;

/// <summary>
/// The wire format between the sandbox's processes: a 4-byte little-endian length, then that many bytes of UTF-8 JSON,
/// one typed frame each (<see cref="ProtocolJson"/>). Compiled into the supervisor, the worker and the compiler process
/// (linked source), so none references another.
/// </summary>
internal static class FrameIO
{
    /// <summary>Writes one frame and flushes.</summary>
    public static async Task WriteAsync<T>(Stream stream, T frame, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        await stream.WriteAsync(Encode(frame, type), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Synchronous write, for the worker and the compiler: their threads write their own replies, with no hop through the thread pool.</summary>
    public static void Write<T>(Stream stream, T frame, JsonTypeInfo<T> type)
    {
        var buffer = Encode(frame, type);
        lock (stream)
        {
            stream.Write(buffer.Span);
            stream.Flush();
        }
    }

    /// <summary>Reads one frame; null at end of stream. Throws <see cref="InvalidDataException"/> for a frame over <paramref name="maxBytes"/> or one that is not a <typeparamref name="T"/>.</summary>
    public static async Task<T?> ReadAsync<T>(Stream stream, int maxBytes, JsonTypeInfo<T> type, CancellationToken ct = default) where T : class
    {
        byte[] header = new byte[4];
        if (!await ReadExactlyOrEndAsync(stream, header, ct).ConfigureAwait(false))
            return null;
        byte[] body = new byte[Length(header, maxBytes)];
        if (!await ReadExactlyOrEndAsync(stream, body, ct).ConfigureAwait(false))
            throw new InvalidDataException("stream ended inside a frame");
        return Decode(body, type);
    }

    /// <summary>Synchronous read, for the worker and the compiler; null at end of stream.</summary>
    public static T? Read<T>(Stream stream, int maxBytes, JsonTypeInfo<T> type) where T : class
    {
        byte[] header = new byte[4];
        int got = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got == 0)
            return null;
        if (got < 4)
            throw new InvalidDataException("stream ended inside a frame header");
        byte[] body = new byte[Length(header, maxBytes)];
        if (stream.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) < body.Length)
            throw new InvalidDataException("stream ended inside a frame");
        return Decode(body, type);
    }

    /// <summary>Header and body in one buffer, serialised in place, so a frame goes out in one write call with no copy.</summary>
    private static ReadOnlyMemory<byte> Encode<T>(T frame, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(4);
        buffer.Advance(4);
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, frame, type);
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(buffer.WrittenMemory).Span, buffer.WrittenCount - 4);
        return buffer.WrittenMemory;
    }

    private static int Length(byte[] header, int maxBytes)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        return length < 0 || length > maxBytes ? throw new InvalidDataException($"frame of {length} bytes (limit {maxBytes})") : length;
    }

    private static T Decode<T>(byte[] body, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new InvalidDataException("frame is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"frame is not a valid {typeof(T).Name}: {e.Message}");
        }
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
