using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Training.Distillation;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym sample</c> (rejection sampling into an SFT data set with provenance) and <c>r1gym distill</c> (a student
/// trained on a teacher's traces: sequence-level SFT, or token-level KL to the teacher's distributions).
/// </summary>
internal static class DistillCommands
{
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Output path.", Required = true, HelpName = "path" };

    public static Command Sample()
    {
        var model = ModelArguments.Model("--model", "Model whose completions are sampled (the teacher).");
        var task = new Option<string>("--task", "-t") { Description = "Task id whose verifier accepts or rejects each completion.", Required = true };
        var taskOptions = TaskArguments.TaskOptions();
        var prompts = new Option<int?>("--prompts") { Description = "Prompts drawn from the task (default: RejectionSampling:Prompts = 1000)." };
        var samples = new Option<int?>("--samples", "-n") { Description = "Completions per prompt (default 4)." };
        var command = new Command("sample", "Rejection sampling: N completions per prompt, keep the verified and readable ones, deduplicate, write SFT JSONL with provenance.")
        {
            model, task, taskOptions, prompts, samples, Output, ModelArguments.Device, ModelArguments.PromptFormat, ModelArguments.ConfigFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = ModelArguments.Host(parse);
            CliChecks.OutputFile(parse.GetValue(Output)!, "--output");
            var options = new RejectionSamplingOptions();
            host.Services.GetRequiredService<IConfiguration>().GetSection(RejectionSamplingOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Prompts = parse.GetValue(prompts) ?? options.Prompts;
            options.SamplesPerPrompt = parse.GetValue(samples) ?? options.SamplesPerPrompt;
            var id = parse.GetValue(task)!;
            var instance = host.Services.GetRequiredService<ITaskRegistry>().Create(id, TaskArguments.ParseOptions(parse.GetValue(taskOptions))).RequireTask();
            var dir = parse.GetValue(model)!;
            var (lm, tokenizer) = ModelArguments.Load(dir, parse.GetValue(ModelArguments.Device)!);
            using var _ = lm;
            var report = await RejectionSampler.RunAsync(lm, tokenizer, Path.GetFullPath(dir), id, instance,
                ModelArguments.Renderer(parse.GetValue(ModelArguments.PromptFormat)!), options, parse.GetValue(Output)!, ct);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(report);
            else
                Console.Out.WriteLine($"kept {report.Kept} of {report.Sampled} completions ({report.Verified} verified, {report.PromptsWithKept}/{report.Prompts} prompts covered); "
                    + $"rejected: {string.Join(", ", report.Rejected.Select(kv => $"{kv.Key} {kv.Value}"))}; wrote {report.Output}");
            return 0;
        });
        return command;
    }

    public static Command Distill()
    {
        var teacher = new Option<string?>("--teacher") { Description = "Teacher model folder (token mode).", HelpName = "dir" };
        var student = ModelArguments.Model("--student", "Student model folder (the same tokenizer as the teacher; any depth or width).");
        var data = new Option<string>("--data") { Description = "JSONL of the teacher's traces ({\"prompt\", \"completion\"}, as 'r1gym sample' writes).", Required = true, HelpName = "file" };
        var mode = new Option<string>("--mode") { Description = "sequence (SFT on the traces, the R1-Distill recipe) or token (KL to the teacher's next-token distributions).", DefaultValueFactory = _ => "sequence" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the output folder's latest checkpoint (--mode sequence; a run cut short by --time-budget leaves one)." };
        var command = new Command("distill", "Distil a teacher into a student: sequence-level (SFT on its traces) or token-level (forward/reverse KL, optional top-k).")
        {
            teacher, student, data, mode, Output, ModelArguments.Device, ModelArguments.PromptFormat, ModelArguments.ConfigFile, ModelArguments.TimeBudget, resume,
        };
        command.SetAction((parse, ct) =>
        {
            using var host = ModelArguments.Host(parse);
            var budget = ModelArguments.Budget(parse);
            CliChecks.OutputFolder(parse.GetValue(Output)!, "--output");
            var (lm, tokenizer) = ModelArguments.Load(parse.GetValue(student)!, parse.GetValue(ModelArguments.Device)!);
            using var _ = lm;
            var examples = SftData.FromJsonl(parse.GetValue(data)!, ModelArguments.Renderer(parse.GetValue(ModelArguments.PromptFormat)!));
            var run = Path.GetFullPath(parse.GetValue(Output)!);
            var logger = ModelArguments.Logger(host, "R1Gym.Distill");
            int steps;
            switch (parse.GetValue(mode))
            {
                case "sequence":
                    var sftOptions = host.Services.GetRequiredService<IOptions<SftOptions>>().Value;
                    var store = new CheckpointStore(Path.Combine(run, "checkpoints"));
                    using (var sft = new SftTrainer(sftOptions, lm, tokenizer, examples, logger)
                    { Checkpoints = store, MetricsPath = Path.Combine(run, "metrics.jsonl"), TimeBudget = budget })
                    {
                        if (parse.GetValue(resume))
                            sft.Resume(store.Latest() ?? throw new R1GymException($"--resume found no checkpoint under {Path.Combine(run, "checkpoints")}; start without --resume or pass the run's --output."));
                        sft.Train(cancellationToken: ct);
                        if (sft.Step < sftOptions.Steps)
                            sft.SaveCheckpoint(); // cut short by --time-budget: --resume continues from here
                        steps = sft.Step;
                    }
                    break;
                case "token" when budget is not null || parse.GetValue(resume):
                    throw new R1GymException("--time-budget and --resume apply to --mode sequence only; limit token-level distillation with Distill:Steps.");
                case "token":
                    var options = new DistillationOptions();
                    host.Services.GetRequiredService<IConfiguration>().GetSection(DistillationOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
                    var teacherDir = parse.GetValue(teacher) ?? throw new R1GymException("--mode token needs --teacher <dir>.");
                    var (teacherModel, _) = ModelArguments.Load(teacherDir, parse.GetValue(ModelArguments.Device)!);
                    using (teacherModel)
                    using (var kd = new TokenDistillationTrainer(options, lm, teacherModel, tokenizer, examples, logger) { MetricsPath = Path.Combine(run, "metrics.jsonl") })
                    {
                        kd.Train(cancellationToken: ct);
                        steps = kd.Step;
                    }
                    break;
                default:
                    throw new R1GymException($"--mode must be sequence or token, found '{parse.GetValue(mode)}'.");
            }
            var modelDir = Path.Combine(run, "model");
            lm.Save(modelDir);
            tokenizer.Save(modelDir);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { steps, examples = examples.Count, model = modelDir, metrics = Path.Combine(run, "metrics.jsonl") });
            else
                Console.Out.WriteLine($"distilled {steps} steps on {examples.Count} traces; student: {modelDir}");
            return Task.FromResult(0);
        });
        return command;
    }
}
