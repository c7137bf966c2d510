using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Recipes.Demo;
using R1Gym.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>Options and helpers shared by eval, sample and distill.</summary>
internal static class ModelArguments
{
    public static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };

    public static readonly Option<string> PromptFormat = new("--prompt-format")
    {
        Description = "A chat template: r1 (the R1 template), compact ('Q: ...\\nA: <think>', what the demo and from-scratch pipelines use), chatml-r1, or a template JSON file.",
        DefaultValueFactory = _ => "r1",
    };

    /// <summary><c>--config file.json</c>: configuration sections for this command (Eval, RejectionSampling, Sft, ...), under <c>--set</c>.</summary>
    public static readonly Option<string?> ConfigFile = new("--config")
    {
        Description = "JSON file with this command's configuration sections (e.g. Eval, RejectionSampling, Sft); --set overrides it.",
        HelpName = "file",
    };

    /// <summary><c>--time-budget seconds</c>: training stops after the step that crosses it (equal compute for compared runs).</summary>
    public static readonly Option<double?> TimeBudget = new("--time-budget")
    {
        Description = "Stop training after the step that crosses this many seconds (a fixed compute budget); default: no limit, run every step.",
        HelpName = "seconds",
    };

    public static Option<string> Model(string name, string description) => new(name) { Description = description, Required = true, HelpName = "dir" };

    /// <summary>The command's host, with <see cref="ConfigFile"/>'s keys below the <c>--set</c> overrides.</summary>
    public static IHost Host(ParseResult parse) =>
        HostWithConfigFile(parse, parse.GetValue(ConfigFile), """{"Eval": {"Samples": 4}}""");

    /// <summary>The CLI host with a JSON file of configuration sections (when given) under --set.</summary>
    public static IHost HostWithConfigFile(ParseResult parse, string? file, string example)
    {
        if (file is null)
            return CliHost.Build(parse);
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new R1GymException($"Config file '{path}' does not exist; pass a JSON file of configuration sections (for example {example}).");
        IConfiguration config;
        try
        {
            config = new ConfigurationBuilder().AddJsonFile(path).Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider wraps the parser's message (line and position) one or two levels down.
            var reason = (e.InnerException?.InnerException ?? e.InnerException ?? e).Message;
            throw new R1GymException($"Config file '{path}' is not a valid JSON object: {reason} Expected configuration sections, for example {example}.");
        }
        return CliHost.Build(parse, config.AsEnumerable().Where(kv => kv.Value is not null).ToList());
    }

    /// <summary>The <see cref="TimeBudget"/> given, or null; a budget that is not positive is an error.</summary>
    public static TimeSpan? Budget(ParseResult parse) => parse.GetValue(TimeBudget) switch
    {
        null => null,
        > 0 and <= 1e8 and var seconds => TimeSpan.FromSeconds(seconds),
        var seconds => throw new R1GymException($"--time-budget must be a positive number of seconds (at most 1e8), found {seconds}."),
    };

    public static (CausalLM Model, ITextTokenizer Tokenizer) Load(string dir, string device)
    {
        if (!Directory.Exists(dir))
            throw new R1GymException($"Model folder '{Path.GetFullPath(dir)}' does not exist; pass a folder with config.json, safetensors and tokenizer.json (for example runs/demo/model).");
        var resolved = TorchBackend.Resolve(device);
        var model = CausalLM.Load(dir, resolved, resolved.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
        return (model, TextTokenizer.Load(dir));
    }

    /// <summary>The prompt renderer of <c>--prompt-format</c>: a built-in chat template's name or a template JSON file.</summary>
    public static Func<string, string> Renderer(string format)
    {
        var template = ChatTemplate.Load(format);
        return problem => template.Render(problem);
    }

    public static ILogger Logger(IHost host, string category) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
}
