using System.Text;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Model.Checkpoints;

namespace R1Gym.Model.Tests;

/// <summary>
/// Seeded random mutations of valid model files. Every loader must either accept the file or throw an
/// <see cref="R1GymException"/> (which the CLI turns into exit 2 and one line), never another exception, never hang.
/// </summary>
public sealed class InputFuzzTests : IDisposable
{
    private const int Cases = 150;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "r1gym-fuzz", Guid.NewGuid().ToString("N"));

    public InputFuzzTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mutated_safetensors_headers_load_or_fail_with_a_domain_error()
    {
        var original = File.ReadAllBytes(Fixture.Path("fixture-tied", "model.safetensors"));
        long headerLength = BitConverter.ToInt64(original, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(original, 8, (int)headerLength))!.AsObject();
        var random = new Random(14);
        var path = Path.Combine(_dir, "model.safetensors");

        for (int i = 0; i < Cases; i++)
        {
            byte[] bytes = (i % 3) switch
            {
                0 => WithHeader(original, headerLength, Mutations.Structural(header, random)),
                1 => Mutations.Bytes(original, random, (int)Math.Min(original.Length, 8 + headerLength)),
                _ => original[..random.Next(0, original.Length)],
            };
            File.WriteAllBytes(path, bytes);

            ShouldLoadOrFailCleanly(() => SafeTensors.Read(path).Values.ToList().ForEach(t => t.Dispose()), $"safetensors case {i}");
        }
    }

    [Fact]
    public void Mutated_config_files_load_or_fail_with_a_domain_error()
    {
        var original = Fixture.Json("fixture-tied", "config.json");
        var random = new Random(15);
        var path = Path.Combine(_dir, "config.json");

        for (int i = 0; i < Cases; i++)
        {
            File.WriteAllText(path, i % 2 == 0
                ? Mutations.Structural(original, random)
                : Encoding.UTF8.GetString(Mutations.Bytes(Encoding.UTF8.GetBytes(original.ToJsonString()), random, int.MaxValue)));

            ShouldLoadOrFailCleanly(() => ModelConfig.Load(path), $"config case {i}");
        }
    }

    [Fact]
    public void Mutated_tokenizers_load_or_fail_with_a_domain_error()
    {
        var original = Fixture.Json("tokenizer-qwen2", "tokenizer.json");
        var random = new Random(16);
        var path = Path.Combine(_dir, "tokenizer.json");

        for (int i = 0; i < Cases; i++)
        {
            File.WriteAllText(path, i % 2 == 0
                ? Mutations.Structural(original, random)
                : Encoding.UTF8.GetString(Mutations.Bytes(Encoding.UTF8.GetBytes(original.ToJsonString()), random, int.MaxValue)));

            ShouldLoadOrFailCleanly(() => TextTokenizer.Load(path).Encode("Hello world 123 <think>"), $"tokenizer case {i}");
        }
    }

    [Fact]
    public void Mutated_model_folders_load_or_fail_with_a_domain_error()
    {
        var config = Fixture.Json("fixture-tied", "config.json");
        var random = new Random(17);
        File.Copy(Fixture.Path("fixture-tied", "model.safetensors"), Path.Combine(_dir, "model.safetensors"));

        for (int i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(_dir, "config.json"), Mutations.Structural(config, random));

            ShouldLoadOrFailCleanly(() => CausalLM.Load(_dir, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32).Dispose(), $"model case {i}");
        }
    }

    [Fact]
    public void A_config_with_fewer_layers_than_the_weights_is_refused_naming_the_field()
    {
        var config = Fixture.Json("fixture-tied", "config.json");
        config["num_hidden_layers"] = 1;
        File.WriteAllText(Path.Combine(_dir, "config.json"), config.ToJsonString());
        File.Copy(Fixture.Path("fixture-tied", "model.safetensors"), Path.Combine(_dir, "model.safetensors"));

        var act = () => CausalLM.Load(_dir, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32);

        act.Should().Throw<R1GymException>().WithMessage("*weights for 2 layers*num_hidden_layers = 1*");
    }

    [Fact]
    public void A_config_field_of_the_wrong_type_names_the_file_and_the_field()
    {
        var config = Fixture.Json("fixture-tied", "config.json");
        config["hidden_size"] = "abc";
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, config.ToJsonString());

        var act = () => ModelConfig.Load(path);

        act.Should().Throw<R1GymException>().WithMessage($"'{path}': field 'hidden_size' must be an integer*found \"abc\"*");
    }

    [Fact]
    public void A_safetensors_shape_that_overflows_is_refused_before_allocating()
    {
        var original = File.ReadAllBytes(Fixture.Path("fixture-tied", "model.safetensors"));
        long headerLength = BitConverter.ToInt64(original, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(original, 8, (int)headerLength))!.AsObject();
        var name = header.Select(p => p.Key).First(k => k != "__metadata__");
        header[name]!["shape"] = new JsonArray(2147483647, 2147483647, 2147483647);
        var path = Path.Combine(_dir, "model.safetensors");
        File.WriteAllBytes(path, WithHeader(original, headerLength, header.ToJsonString()));

        var act = () => SafeTensors.Read(path);

        act.Should().Throw<R1GymException>().WithMessage($"*tensor '{name}'*");
    }

    private static byte[] WithHeader(byte[] original, long headerLength, string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + json.Length + (original.Length - 8 - headerLength)];
        BitConverter.GetBytes((long)json.Length).CopyTo(result, 0);
        json.CopyTo(result, 8);
        Array.Copy(original, 8 + headerLength, result, 8 + json.Length, original.Length - 8 - headerLength);
        return result;
    }

    private static void ShouldLoadOrFailCleanly(Action load, string what)
    {
        var run = Task.Run(() =>
        {
            try
            {
                load();
                return null;
            }
            catch (R1GymException)
            {
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        run.Wait(TimeSpan.FromSeconds(60)).Should().BeTrue($"{what} must not hang");
        run.Result.Should().BeNull($"{what} must fail with an R1GymException only");
    }
}

/// <summary>Seeded mutations of JSON documents and raw bytes.</summary>
internal static class Mutations
{
    private static readonly Func<JsonNode?>[] Values =
    [
        () => null, () => "x", () => "", () => -1, () => 0, () => 1.5, () => 2147483648L, () => long.MaxValue, () => 1e308,
        () => true, () => new JsonArray(), () => new JsonObject(), () => new JsonArray(1, 2, 3), () => new JsonArray(-5, 3),
        () => new JsonObject { ["type"] = 7 }, () => new JsonArray(new JsonArray("a"), "b c", 3),
    ];

    /// <summary>The document with one to three nodes replaced by a value of another type or range, or removed.</summary>
    public static string Structural(JsonObject original, Random random)
    {
        var copy = original.DeepClone().AsObject();
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            var nodes = All(copy).Where(n => n.Parent is not null).ToList();
            if (nodes.Count == 0) break;
            var target = nodes[random.Next(nodes.Count)];
            var value = Values[random.Next(Values.Length)]();
            switch (target.Parent)
            {
                case JsonObject parent:
                    var key = parent.First(p => ReferenceEquals(p.Value, target)).Key;
                    if (random.Next(5) == 0) parent.Remove(key);
                    else parent[key] = value;
                    break;
                case JsonArray array:
                    array[array.IndexOf(target)] = value;
                    break;
            }
        }
        return copy.ToJsonString();
    }

    /// <summary>The bytes with a few of the first <paramref name="limit"/> flipped, inserted or deleted.</summary>
    public static byte[] Bytes(byte[] original, Random random, int limit)
    {
        var bytes = original.ToList();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(Math.Min(limit, bytes.Count));
            switch (random.Next(3))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, (byte)"{}[]\":,0-9e"[random.Next(11)]); break;
                default: bytes.RemoveAt(at); break;
            }
        }
        return [.. bytes];
    }

    private static IEnumerable<JsonNode> All(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var n in All(child))
                yield return n;
    }
}
