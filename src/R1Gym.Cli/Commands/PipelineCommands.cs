using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Recipes.Pipeline;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym pipeline r1 --config &lt;file&gt;</c>: DeepSeek-R1's stages (cold-start SFT, reasoning RL, rejection sampling,
/// SFT, final RL) into one run folder. Rerunning the same command skips finished stages and resumes the running one.
/// <c>r1gym pipeline student --teacher &lt;dir&gt;</c>: a from-scratch student sharing the teacher's tokenizer, to distil into.
/// </summary>
internal static class PipelineCommands
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Pipeline config (JSON): Task, Model, ColdStart, ReasoningRl, RejectionSampling, Sft, FinalRl, Eval.", Required = true, HelpName = "file" };
        var output = new Option<string?>("--output", "-o") { Description = "Run folder (overrides the config's Output).", HelpName = "dir" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto (overrides the config's Device)." };
        var r1 = new Command("r1", "Run (or resume) the full R1 recipe: cold-start SFT -> reasoning RL -> rejection sampling -> SFT -> final RL.")
        {
            config, output, device,
        };
        r1.SetAction(async (parse, ct) =>
        {
            var settings = R1PipelineConfig.Load(parse.GetValue(config)!);
            settings.Output = parse.GetValue(output) ?? settings.Output;
            settings.Device = parse.GetValue(device) ?? settings.Device;
            using var host = CliHost.Build(parse);
            var pipeline = new R1Pipeline(host.Services.GetRequiredService<ITaskRegistry>(), ModelArguments.Logger(host, "R1Gym.Pipeline"));
            var result = await pipeline.RunAsync(settings, new InlineProgress<PipelineProgress>(p =>
            {
                if (!parse.GetValue(CliOptions.Json) && (p.Status != "running" || p.Step == p.Steps || p.Step % 10 == 0))
                    Console.Error.WriteLine(p.Steps > 0 ? $"[{p.Stage}] step {p.Step}/{p.Steps}" : $"[{p.Stage}] {p.Status}");
            }), ct);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { run = result.Run, stages = result.Stages, skipped = result.Skipped, report = result.ReportMarkdown, chart = result.Chart });
            else
            {
                Console.Out.Write(File.ReadAllText(result.ReportMarkdown));
                Console.Out.WriteLine($"run folder: {result.Run}");
            }
            return 0;
        });
        var command = new Command("pipeline", "Multi-stage training recipes.");
        command.Subcommands.Add(r1);
        command.Subcommands.Add(Student());
        return command;
    }

    /// <summary>
    /// A randomly initialised student of another depth and width that shares the teacher's tokenizer (distillation needs
    /// the same vocabulary), shaped like the pipeline's from-scratch base model by the <c>Student</c> section.
    /// </summary>
    private static Command Student()
    {
        var teacher = new Option<string>("--teacher") { Description = "Model folder whose tokenizer (and vocabulary) the student shares.", Required = true, HelpName = "dir" };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write (config.json, model.safetensors, tokenizer.json).", Required = true, HelpName = "dir" };
        var seed = new Option<long>("--seed") { Description = "Initialisation seed (default 0).", DefaultValueFactory = _ => 0 };
        var command = new Command("student", "Create a from-scratch student sharing a teacher's tokenizer; shape from the Student section (HiddenSize, Layers, Heads, MaxPositions).")
        {
            teacher, output, seed, ModelArguments.ConfigFile,
        };
        command.SetAction(parse =>
        {
            using var host = ModelArguments.Host(parse);
            var shape = new PipelineModelOptions();
            host.Services.GetRequiredService<IConfiguration>().GetSection("Student").Bind(shape, binder => binder.ErrorOnUnknownConfiguration = true);
            var errors = OptionsValidation.Errors(shape).ToList();
            if (shape.Path is not null)
                errors.Add(new ValidationResult("Student:Path must stay empty: the student is created from scratch."));
            if (shape.HiddenSize % shape.Heads != 0)
                errors.Add(new ValidationResult($"Student:Heads ({shape.Heads}) must divide Student:HiddenSize ({shape.HiddenSize})."));
            if (errors.Count > 0)
                throw new R1GymException("Invalid Student section: " + string.Join(" ", errors.Select(e => e.ErrorMessage)));
            var teacherDir = parse.GetValue(teacher)!;
            if (!File.Exists(Path.Combine(teacherDir, "config.json")))
                throw new R1GymException($"Teacher folder '{Path.GetFullPath(teacherDir)}' has no config.json; pass a model folder (for example <run>/5-final-rl/model).");
            var tokenizer = TextTokenizer.Load(teacherDir);
            var config = ModelConfig.Load(Path.Combine(teacherDir, "config.json")) with
            {
                HiddenSize = shape.HiddenSize, IntermediateSize = shape.HiddenSize * 3, NumHiddenLayers = shape.Layers,
                NumAttentionHeads = shape.Heads, NumKeyValueHeads = shape.Heads, MaxPositionEmbeddings = shape.MaxPositions,
            };
            var dir = Path.GetFullPath(parse.GetValue(output)!);
            long parameters;
            var cpu = TorchBackend.Resolve("cpu", host.Services.GetRequiredService<IConfiguration>()["Model:LibTorch"]);   // finds libtorch in a GPU build too
            using (var model = CausalLM.Create(config, cpu, ScalarType.Float32, parse.GetValue(seed)))
            {
                model.Save(dir);
                parameters = model.parameters().Sum(p => p.numel());
            }
            tokenizer.Save(dir);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { model = dir, parameters, hidden_size = shape.HiddenSize, layers = shape.Layers, heads = shape.Heads, vocab_size = config.VocabSize });
            else
                Console.Out.WriteLine($"wrote {dir}: {parameters:N0} parameters (hidden {shape.HiddenSize}, {shape.Layers} layers, {shape.Heads} heads, vocabulary {config.VocabSize} shared with {teacherDir})");
            return 0;
        });
        return command;
    }
}
