using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym model info|logits|create</c>, <c>r1gym tokenize</c> and <c>r1gym generate</c>: the policy model from the
/// command line. CUDA libtorch: <c>--device cuda</c> finds it from <c>Model:LibTorch</c>, <c>R1GYM_LIBTORCH</c> or python3's PyTorch.
/// </summary>
internal static class ModelCommands
{
    internal static readonly Option<string> Device = new("--device") { Description = "cpu (default), cuda, cuda:N or auto.", DefaultValueFactory = _ => "cpu" };
    internal static readonly Option<string> DType = new("--dtype") { Description = "auto (bf16 on CUDA, fp32 on CPU), float32, bfloat16 or float16.", DefaultValueFactory = _ => "auto" };

    /// <summary>The <c>model</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("model", "Inspect, create and run Hugging Face-compatible Qwen2/Llama models.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Logits());
        command.Subcommands.Add(CreateModel());
        return command;
    }

    private static Command Info()
    {
        var dir = new Argument<string>("dir") { Description = "Model folder (config.json + safetensors)." };
        var command = new Command("info", "Print a model's shape and parameter count (reads config.json only).") { dir };
        command.SetAction(parse =>
        {
            var c = ModelConfig.Load(parse.GetValue(dir)!);
            long parameters = ParameterCount(c);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    model_type = c.ModelType, vocab_size = c.VocabSize, hidden_size = c.HiddenSize, intermediate_size = c.IntermediateSize,
                    num_hidden_layers = c.NumHiddenLayers, num_attention_heads = c.NumAttentionHeads, num_key_value_heads = c.NumKeyValueHeads,
                    head_dim = c.HeadDim, rope_theta = c.RopeTheta, rms_norm_eps = c.RmsNormEps, tie_word_embeddings = c.TieWordEmbeddings,
                    attention_bias = c.AttentionBias, max_position_embeddings = c.MaxPositionEmbeddings, parameters,
                });
            else
                Console.Out.WriteLine($"{c.ModelType}: {parameters:N0} parameters, {c.NumHiddenLayers} layers, hidden {c.HiddenSize}, " +
                    $"heads {c.NumAttentionHeads} (kv {c.NumKeyValueHeads}), mlp {c.IntermediateSize}, vocab {c.VocabSize}, " +
                    $"rope theta {c.RopeTheta.ToString(CultureInfo.InvariantCulture)}, tied embeddings: {c.TieWordEmbeddings}");
            return 0;
        });
        return command;
    }

    private static Command Logits()
    {
        var dir = new Argument<string>("dir") { Description = "Model folder." };
        var ids = new Option<string>("--input-ids") { Description = "Comma-separated token ids, e.g. 1,2,3.", Required = true };
        var columns = new Option<int>("--columns") { Description = "Write only the first N logits of each row (0 = the full row, the default).", DefaultValueFactory = _ => 0 };
        var command = new Command("logits", "Run one forward pass and print the logits of every position (for parity checks).") { dir, ids, columns, Device, DType };
        command.SetAction(parse =>
        {
            using var host = CliHost.Build(parse);
            var input = ParseIds(parse.GetValue(ids)!);
            using var model = LoadModel(parse, host, parse.GetValue(dir)!);
            if (input.Any(id => id < 0 || id >= model.Config.VocabSize))
                throw new R1GymException($"--input-ids must lie in [0, {model.Config.VocabSize}), the model's vocabulary.");
            using var grad = no_grad();
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(input).unsqueeze(0).to(model.Device), null).squeeze(0).to(ScalarType.Float32).cpu(); // [T, V]
            int vocab = (int)logits.shape[1], n = parse.GetValue(columns) is > 0 and var c ? Math.Min(c, vocab) : vocab;
            var flat = logits.data<float>().ToArray();
            var rows = Enumerable.Range(0, input.Length).Select(t => flat.AsSpan(t * vocab, n).ToArray()).ToArray();
            var argmax = logits.argmax(-1).data<long>().ToArray();
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { input_ids = input, device = model.Device.ToString(), dtype = model.DType.ToString(), vocab_size = vocab, argmax, logits = rows });
            else
                for (int t = 0; t < input.Length; t++)
                    Console.Out.WriteLine($"{t,4} id {input[t],7} argmax {argmax[t],7}  {string.Join(' ', rows[t].Take(8).Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture)))}{(n > 8 ? " ..." : "")}");
            return 0;
        });
        return command;
    }

    private static Command CreateModel()
    {
        var preset = new Option<string>("--preset") { Description = "Shape: tiny, 50m or 0.5b.", DefaultValueFactory = _ => "tiny" };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write (config.json, model.safetensors, tokenizer.json).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Initialisation seed (default 0).", DefaultValueFactory = _ => 0 };
        var command = new Command("create", "Create a randomly initialised model (HF initialisation) with a byte/char-level tokenizer and save it in HF format.")
        {
            preset, output, seed, DType,
        };
        command.SetAction(parse =>
        {
            var tokenizer = TextTokenizer.TrainCharLevel([], ["<think>", "</think>", "<answer>", "</answer>"]);
            var config = ModelConfig.Preset(parse.GetValue(preset)!);
            if (config.VocabSize < tokenizer.VocabSize)
                config = config with { VocabSize = tokenizer.VocabSize };
            config = config with { EosTokenId = tokenizer.EosId, BosTokenId = null };
            var cpu = TorchBackend.Resolve("cpu");   // finds libtorch in a GPU build too
            var dtype = ParseDType(parse.GetValue(DType)!, cpu);
            using var model = CausalLM.Create(config, cpu, dtype, parse.GetValue(seed));
            string dir = Path.GetFullPath(parse.GetValue(output)!);
            model.Save(dir);
            tokenizer.Save(dir);
            Console.Error.WriteLine($"wrote {dir} ({model.parameters().Sum(p => p.numel()):N0} parameters, {dtype})");
            return 0;
        });
        return command;
    }

    /// <summary><c>r1gym tokenize &lt;dir|tokenizer.json&gt; --text ...</c>.</summary>
    public static Command Tokenize()
    {
        var path = new Argument<string>("tokenizer") { Description = "Model folder or tokenizer.json." };
        var text = new Option<string>("--text") { Description = "Text to encode.", Required = true };
        var command = new Command("tokenize", "Encode text with a Hugging Face tokenizer.json (ids and tokens).") { path, text };
        command.SetAction(parse =>
        {
            var tokenizer = TextTokenizer.Load(parse.GetValue(path)!);
            var ids = tokenizer.Encode(parse.GetValue(text)!);
            var tokens = ids.Select(tokenizer.IdToToken).ToArray();
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { ids, tokens, count = ids.Count });
            else
                Console.Out.WriteLine($"{ids.Count} tokens\nids:    {string.Join(' ', ids)}\ntokens: {string.Join(' ', tokens)}");
            return 0;
        });
        return command;
    }

    /// <summary><c>r1gym generate &lt;dir&gt; --prompt ... [--n N]</c>.</summary>
    public static Command Generate()
    {
        var dir = new Argument<string>("dir") { Description = "Model folder (with tokenizer.json)." };
        var prompt = new Option<string>("--prompt") { Description = "The user's question (rendered with --template).", Required = true };
        var n = new Option<int>("--n") { Description = "Samples (default 1).", DefaultValueFactory = _ => 1 };
        var template = new Option<string>("--template") { Description = "r1 (default), chatml-r1, none, or a template JSON file.", DefaultValueFactory = _ => "r1" };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Default 256.", DefaultValueFactory = _ => 256 };
        var temperature = new Option<float>("--temperature") { Description = "Default 1 (0 = greedy).", DefaultValueFactory = _ => 1f };
        var topP = new Option<float>("--top-p") { Description = "Default 1 (off).", DefaultValueFactory = _ => 1f };
        var topK = new Option<int>("--top-k") { Description = "Default 0 (off).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Default 0.", DefaultValueFactory = _ => 0 };
        var stop = new Option<string[]>("--stop") { Description = "Stop sequence (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("generate", "Sample completions of a prompt.") { dir, prompt, n, template, maxNew, temperature, topP, topK, seed, stop, Device, DType };
        command.SetAction(parse =>
        {
            if (parse.GetValue(n) < 1)
                throw new R1GymException($"--n must be at least 1, found {parse.GetValue(n)}.");
            using var host = CliHost.Build(parse);
            string folder = parse.GetValue(dir)!;
            var tokenizer = TextTokenizer.Load(folder);
            using var model = LoadModel(parse, host, folder);
            string t = parse.GetValue(template)!;
            string text = t == "none" ? parse.GetValue(prompt)! : ChatTemplate.Load(t).Render(parse.GetValue(prompt)!);
            var ids = tokenizer.Encode(text);
            var options = new SamplingOptions
            {
                MaxNewTokens = parse.GetValue(maxNew), Temperature = parse.GetValue(temperature), TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK), Seed = parse.GetValue(seed), StopSequences = parse.GetValue(stop) ?? [],
            };
            var result = Model.Generator.Generate(model, tokenizer, Enumerable.Repeat(ids, parse.GetValue(n)).ToList(), options);
            var samples = result.Tokens.Select((tokens, i) => new
            {
                text = tokenizer.Decode(tokens), tokens, finish_reason = result.FinishReasons[i], log_prob = Math.Round(result.LogProbs[i].Sum(), 4),
            }).ToArray();
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { prompt = text, prompt_tokens = ids.Count, samples });
            else
                foreach (var (s, i) in samples.Select((s, i) => (s, i)))
                    Console.Out.WriteLine($"--- sample {i + 1} ({s.tokens.Length} tokens, {s.finish_reason}, log p {s.log_prob})\n{s.text}");
            return 0;
        });
        return command;
    }

    /// <summary>Resolves --device (setting Model:LibTorch for CUDA) and loads a model folder in --dtype.</summary>
    internal static CausalLM LoadModel(ParseResult parse, Microsoft.Extensions.Hosting.IHost host, string dir)
    {
        var device = ResolveDevice(parse, host);
        return CausalLM.Load(dir, device, ParseDType(parse.GetValue(DType)!, device));
    }

    internal static torch.Device ResolveDevice(ParseResult parse, Microsoft.Extensions.Hosting.IHost host)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var device = TorchBackend.Resolve(parse.GetValue(Device)!, configuration["Model:LibTorch"]);
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Model").LogInformation("Device: {Device}", TorchBackend.Description);
        return device;
    }

    internal static ScalarType ParseDType(string name, torch.Device device) => name.ToLowerInvariant() switch
    {
        "auto" => device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32,
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" => ScalarType.Float16,
        _ => throw new R1GymException($"--dtype must be auto, float32, bfloat16 or float16, found '{name}'."),
    };

    private static long[] ParseIds(string text)
    {
        try
        {
            var ids = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return ids.Length > 0 ? ids : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new R1GymException($"--input-ids expects comma-separated integers such as 1,2,3, found '{text}'.", e);
        }
    }

    private static long ParameterCount(ModelConfig c)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        long attention = h * (q + 2 * kv) + (c.AttentionBias ? q + 2 * kv : 0) + q * h;
        long layer = attention + 3 * h * c.IntermediateSize + 2 * h;
        return c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2) + c.NumHiddenLayers * layer + h;
    }
}
