using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (name -> dtype, shape,
/// data_offsets; optional __metadata__), then the raw little-endian tensor bytes.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Reads every tensor of one .safetensors file onto the CPU, in the stored dtype.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new R1GymException($"Safetensors file not found: '{path}'.");
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        long headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > stream.Length)
            throw new R1GymException($"'{path}' is not a safetensors file: header length {headerLength} is out of range.");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new R1GymException($"'{path}' has a malformed safetensors header: {e.Message}", e);
        }

        long dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__") continue;
                var entry = node!.AsObject();
                ScalarType dtype = ParseDType(entry["dtype"]!.GetValue<string>(), path, name);
                long[] shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                var offsets = entry["data_offsets"]!.AsArray();
                long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
                long expected = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype);
                if (end - begin != expected || dataStart + end > stream.Length || begin < 0)
                    throw new R1GymException($"'{path}': tensor '{name}' has {end - begin} bytes at [{begin}, {end}), expected {expected} within the file.");
                var bytes = new byte[expected];
                stream.Position = dataStart + begin;
                stream.ReadExactly(bytes);
                var tensor = empty(shape, dtype, CPU);
                tensor.bytes = bytes;
                result[name] = tensor;
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }

        return result;
    }

    /// <summary>Writes tensors (any device; copied to CPU) to one .safetensors file, in the given order.</summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        var meta = new JsonObject { ["format"] = "pt" };
        if (metadata != null)
            foreach (var (k, v) in metadata) meta[k] = v;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            long size = tensor.numel() * ElementSize(tensor.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // keeps tensor data 8-byte aligned, as the reference writer does
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            stream.Write(BitConverter.GetBytes((long)padded));
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in tensors)
            {
                using var scope = NewDisposeScope();
                var cpu = tensor.detach().to(CPU).contiguous();
                stream.Write(cpu.bytes);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    internal static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new R1GymException($"Tensor dtype {dtype} cannot be stored in safetensors by R1Gym."),
    };

    private static ScalarType ParseDType(string name, string path, string tensor) => name switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new R1GymException($"'{path}': tensor '{tensor}' has unsupported dtype '{name}'. Expected F32, F16, BF16 or an integer type."),
    };

    private static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new R1GymException($"Tensor dtype {dtype} cannot be stored in safetensors."),
    };
}
