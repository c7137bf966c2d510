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
            var options = new RejectionSamplingOptions();
            host.Services.GetRequiredService<IConfiguration>().GetSection(RejectionSamplingOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Prompts = parse.GetValue(prompts) ?? options.Prompts;
            options.SamplesPerPrompt = parse.GetValue(samples) ?? options.SamplesPerPrompt;
            var id = parse.GetValue(task)!;
            var instance = host.Services.GetRequiredService<ITaskRegistry>().Create(id, TaskArguments.ParseOptions(parse, taskOptions)).RequireTask();
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
        var command = new Command("distill", "Distil a teacher into a student: sequence-level (SFT on its traces) or token-level (forward/reverse KL, optional top-k).")
        {
            teacher, student, data, mode, Output, ModelArguments.Device, ModelArguments.PromptFormat, ModelArguments.ConfigFile, ModelArguments.TimeBudget,
            TrainingRun.Resume, TrainingRun.Overwrite, TrainingRun.AcceptChanges,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = ModelArguments.Host(parse);
            var kind = parse.GetValue(mode) switch
            {
                "sequence" => "sft",
                "token" => "distill",
                var other => throw new R1GymException($"--mode must be sequence or token, found '{other}'."),
            };
            var teacherDir = kind == "distill" ? parse.GetValue(teacher) ?? throw new R1GymException("--mode token needs --teacher <dir>.") : null;
            var examples = SftData.FromJsonl(parse.GetValue(data)!, ModelArguments.Renderer(parse.GetValue(ModelArguments.PromptFormat)!));
            var identity = new RunIdentity(kind, Path.GetFullPath(parse.GetValue(data)!), null, parse.GetValue(ModelArguments.PromptFormat));
            using var run = TrainingRun.Open(parse, parse.GetValue(Output)!, identity);
            var checkpoint = TrainingRun.Checkpoint(parse, run);
            var (lm, tokenizer) = ModelArguments.Load(parse.GetValue(student)!, parse.GetValue(ModelArguments.Device)!);
            using var _ = lm;
            var teacherModel = teacherDir is null ? null : ModelArguments.Load(teacherDir, parse.GetValue(ModelArguments.Device)!).Model;
            using var __ = teacherModel;
            var logger = ModelArguments.Logger(host, "R1Gym.Distill");
            var store = new CheckpointStore(run.Checkpoints);
            using Trainer trainer = teacherModel is null
                ? new SftTrainer(host.Services.GetRequiredService<IOptions<SftOptions>>().Value, lm, tokenizer, examples, logger)
                { Checkpoints = store, MetricsPath = run.Metrics, TimeBudget = ModelArguments.Budget(parse), StopRequested = Interrupts.StopRequested }
                : new TokenDistillationTrainer(BindDistillation(host), lm, teacherModel, tokenizer, examples, logger)
                { Checkpoints = store, MetricsPath = run.Metrics, TimeBudget = ModelArguments.Budget(parse), StopRequested = Interrupts.StopRequested };
            if (checkpoint is not null)
                trainer.Resume(checkpoint);
            await TrainingRun.Train(parse, kind == "sft" ? "distill (sequence)" : "distill (token)", trainer, StepsOf(host, kind), ct);
            return TrainingRun.Finish(parse, run, lm, tokenizer, trainer, checkpoint, kind == "sft" ? ["loss/sft"] : ["loss/kd", "loss/cross_entropy"]);
        });
        return command;
    }

    private static DistillationOptions BindDistillation(Microsoft.Extensions.Hosting.IHost host)
    {
        var options = new DistillationOptions();
        host.Services.GetRequiredService<IConfiguration>().GetSection(DistillationOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }

    private static int StepsOf(Microsoft.Extensions.Hosting.IHost host, string kind) =>
        kind == "sft" ? host.Services.GetRequiredService<IOptions<SftOptions>>().Value.Steps : BindDistillation(host).Steps;
}
