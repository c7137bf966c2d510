using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training.Distillation;
using R1Gym.Training.Evaluation;
using R1Gym.Training;

namespace R1Gym.Recipes.Pipeline;

/// <summary>
/// The model a pipeline starts from: a Hugging Face folder (config.json, safetensors, tokenizer.json), or, when
/// <see cref="Path"/> is null, a small Qwen2-shaped model created from scratch with a character-level tokenizer.
/// </summary>
public sealed class PipelineModelOptions
{
    /// <summary>A model folder to start from; null creates one from scratch. Default: null.</summary>
    public string? Path { get; set; }

    /// <summary>Hidden size of a from-scratch model. Default: 128.</summary>
    [Range(8, 16384)]
    public int HiddenSize { get; set; } = 128;

    /// <summary>Decoder layers of a from-scratch model. Default: 4.</summary>
    [Range(1, 256)]
    public int Layers { get; set; } = 4;

    /// <summary>Attention heads of a from-scratch model (must divide the hidden size). Default: 4.</summary>
    [Range(1, 256)]
    public int Heads { get; set; } = 4;

    /// <summary>Context length of a from-scratch model. Default: 512.</summary>
    [Range(16, 1_000_000)]
    public int MaxPositions { get; set; } = 512;
}

/// <summary>
/// The configuration of <c>r1gym pipeline r1</c> (a JSON file): DeepSeek-R1's four stages (Guo et al. 2025, §2.3) on one
/// task, cold-start SFT, reasoning-oriented RL with the language-consistency reward, rejection sampling then SFT, and a
/// final RL stage, each evaluated on held-out problems.
/// </summary>
public sealed class R1PipelineConfig : IValidatableObject
{
    /// <summary>The run folder: one sub-folder per stage, plus report.json / report.md. Default: runs/r1.</summary>
    public string Output { get; set; } = "runs/r1";

    /// <summary>cpu, cuda or auto. Default: auto.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Seed of model creation and data streams. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>compact ("Q: ...\nA: &lt;think&gt;", for from-scratch models) or r1 (the R1 chat template). Default: compact.</summary>
    public string PromptFormat { get; set; } = "compact";

    public PipelineModelOptions Model { get; set; } = new();

    /// <summary>The task trained on (every stage draws from it with its own seed). Required.</summary>
    public string Task { get; set; } = "";

    /// <summary>Options of <see cref="Task"/> as a JSON object; null: the task's defaults.</summary>
    public JsonObject? TaskOptions { get; set; }

    /// <summary>Tasks evaluated after each stage (ids or sets such as math-eval); empty: <see cref="Task"/> itself. Default: empty.</summary>
    public List<string> EvalTasks { get; set; } = [];

    /// <summary>Worked solutions of the cold start (the task's reference solver). Default: 500.</summary>
    [Range(1, 10_000_000)]
    public int ColdStartExamples { get; set; } = 500;

    /// <summary>Stage 1: cold-start SFT.</summary>
    public SftOptions ColdStart { get; set; } = new();

    /// <summary>Stage 2: reasoning-oriented RL.</summary>
    public GrpoOptions ReasoningRl { get; set; } = new() { TaskSeed = 21 };

    /// <summary>Rewards of stage 2: accuracy + format + language consistency (R1 §2.3.2 adds it here). Default: LanguageWeight 0.1.</summary>
    public RewardOptions ReasoningRewards { get; set; } = new() { LanguageWeight = 0.1 };

    /// <summary>Stage 3a: rejection sampling from the stage-2 model.</summary>
    public RejectionSamplingOptions RejectionSampling { get; set; } = new() { TaskSeed = 31 };

    /// <summary>Stage 3b: SFT on the rejection-sampled traces.</summary>
    public SftOptions Sft { get; set; } = new();

    /// <summary>Start stage 3b from the base model, as R1 retrains DeepSeek-V3-Base on the new data (§2.3.3); false continues from stage 2. Default: true.</summary>
    public bool SftFromBase { get; set; } = true;

    /// <summary>Add the cold-start examples to the stage-3b data. Default: true.</summary>
    public bool SftIncludesColdStart { get; set; } = true;

    /// <summary>Stage 4: RL for all scenarios (here: the same task, continued).</summary>
    public GrpoOptions FinalRl { get; set; } = new() { TaskSeed = 41 };

    /// <summary>Rewards of stage 4. Default: LanguageWeight 0.1.</summary>
    public RewardOptions FinalRewards { get; set; } = new() { LanguageWeight = 0.1 };

    /// <summary>Held-out evaluation after each training stage (problem seed apart from every training seed).</summary>
    public EvalOptions Eval { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Task))
            yield return new ValidationResult("Task is required: the id of the task to train on (see 'r1gym tasks list').", [nameof(Task)]);
        if (!ChatTemplate.IsBuiltIn(PromptFormat))
            yield return new ValidationResult($"PromptFormat must name a built-in chat template ({string.Join(", ", ChatTemplate.BuiltIn)}), found '{PromptFormat}'.", [nameof(PromptFormat)]);
        if (Model.Path is null && Model.HiddenSize % Model.Heads != 0)
            yield return new ValidationResult($"Model.Heads ({Model.Heads}) must divide Model.HiddenSize ({Model.HiddenSize}).", [nameof(Model)]);
        var seeds = new[] { ReasoningRl.TaskSeed, RejectionSampling.TaskSeed, FinalRl.TaskSeed, Eval.ProblemSeed };
        if (seeds.Distinct().Count() != seeds.Length || seeds.Contains(ColdStartSeed))
            yield return new ValidationResult($"The task seeds of the stages and Eval.ProblemSeed must differ from each other and from {ColdStartSeed} (the cold start's), so held-out problems stay held out.", [nameof(Eval)]);
    }

    /// <summary>The problem stream of the cold start's worked solutions.</summary>
    public const long ColdStartSeed = 11;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Reads a config file; unknown or malformed content is reported with the file's name.</summary>
    public static R1PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new R1GymException($"Pipeline config '{System.IO.Path.GetFullPath(path)}' does not exist; pass a JSON file (see docs: Task, Model, ColdStart, ReasoningRl, RejectionSampling, Sft, FinalRl, Eval).");
        try
        {
            return JsonSerializer.Deserialize<R1PipelineConfig>(File.ReadAllText(path), JsonOptions)
                ?? throw new R1GymException($"{path} is empty; expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"{path} is not a valid pipeline config: {e.Message}", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Every invalid setting, of the pipeline and of each stage's options, at once.</summary>
    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        void Check(object options, string section)
        {
            try
            {
                OptionsValidation.ThrowIfInvalid(options, section);
            }
            catch (R1GymException e)
            {
                errors.Add(e.Message);
            }
        }
        Check(this, "pipeline");
        Check(Model, nameof(Model));
        Check(ColdStart, nameof(ColdStart));
        Check(ReasoningRl, nameof(ReasoningRl));
        Check(RejectionSampling, nameof(RejectionSampling));
        Check(RejectionSampling.Readability, "RejectionSampling:Readability");
        Check(Sft, nameof(Sft));
        Check(FinalRl, nameof(FinalRl));
        Check(Eval, nameof(Eval));
        foreach (var (rewards, name) in new[] { (ReasoningRewards, nameof(ReasoningRewards)), (FinalRewards, nameof(FinalRewards)) })
        {
            try
            {
                _ = new RewardComposer(rewards);
            }
            catch (R1GymException e)
            {
                errors.Add($"{name}: {e.Message}");
            }
        }
        if (errors.Count > 0)
            throw new R1GymException(string.Join(Environment.NewLine, errors));
    }
}
