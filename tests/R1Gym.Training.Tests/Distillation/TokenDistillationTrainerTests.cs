using R1Gym.Abstractions;
using R1Gym.Model;
using R1Gym.Training.Distillation;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests.Distillation;

public sealed class TokenDistillationTrainerTests
{
    private static CausalLM Student(ITextTokenizer tokenizer, int hidden, int layers, int vocab = 0) => CausalLM.Create(new ModelConfig
    {
        VocabSize = vocab > 0 ? vocab : tokenizer.VocabSize,
        HiddenSize = hidden,
        IntermediateSize = hidden * 2,
        NumHiddenLayers = layers,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        AttentionBias = true,
        EosTokenId = tokenizer.EosId,
    }, CPU, ScalarType.Float32, seed: 7);

    private static readonly SftExample[] Traces = [new("Q", "abba"), new("Q", "aab"), new("Q", "ba")];

    [Theory]
    [InlineData(KdDivergence.Forward, 0)]
    [InlineData(KdDivergence.Reverse, 0)]
    [InlineData(KdDivergence.Forward, 2)]
    public void A_narrower_deeper_student_moves_towards_the_teacher(KdDivergence divergence, int topK)
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var teacher = TinyWorld.Model(tokenizer, seed: 3);                      // hidden 32, 1 layer
        using var student = Student(tokenizer, hidden: 16, layers: 2);                // another width and depth
        var teacherBefore = teacher.parameters().Select(p => p.clone()).ToList();
        var options = new DistillationOptions { Steps = 12, BatchSize = 3, MicroBatchSize = 2, LearningRate = 2e-2, WarmupSteps = 0, Divergence = divergence, TopK = topK };
        using var trainer = new TokenDistillationTrainer(options, student, teacher, tokenizer, Traces);

        var history = trainer.Train();

        history.Should().HaveCount(12);
        history[^1]["loss/kd"].Should().BeLessThan(history[0]["loss/kd"] * 0.7);
        teacher.parameters().Zip(teacherBefore).Should().OnlyContain(pair => pair.First.allclose(pair.Second, 0, 0, false), "the teacher is frozen");
    }

    [Fact]
    public void A_student_with_another_vocabulary_is_refused_with_advice()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var teacher = TinyWorld.Model(tokenizer);
        using var student = Student(tokenizer, hidden: 16, layers: 1, vocab: tokenizer.VocabSize + 5);

        var act = () => new TokenDistillationTrainer(new DistillationOptions(), student, teacher, tokenizer, Traces);

        act.Should().Throw<R1GymException>().WithMessage("*shared tokenizer*sequence-level*");
    }

    [Fact]
    public void Options_with_both_loss_weights_zero_are_refused()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var teacher = TinyWorld.Model(tokenizer);
        using var student = Student(tokenizer, hidden: 16, layers: 1);

        var act = () => new TokenDistillationTrainer(new DistillationOptions { KdWeight = 0 }, student, teacher, tokenizer, Traces);

        act.Should().Throw<R1GymException>().WithMessage("*nothing would be learnt*");
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_ends_bitwise_where_an_uninterrupted_run_ends()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var teacher = TinyWorld.Model(tokenizer, seed: 3);
        var root = Directory.CreateTempSubdirectory("r1gym-kd-resume-").FullName;
        try
        {
            var options = new DistillationOptions { Steps = 4, BatchSize = 3, MicroBatchSize = 2, LearningRate = 2e-2, WarmupSteps = 2, CheckpointEvery = 2 };
            using var straight = Student(tokenizer, hidden: 16, layers: 2);
            using (var trainer = new TokenDistillationTrainer(options, straight, teacher, tokenizer, Traces))
                trainer.Train();

            using var interrupted = Student(tokenizer, hidden: 16, layers: 2);
            var store = new CheckpointStore(Path.Combine(root, "checkpoints"));
            using (var first = new TokenDistillationTrainer(options, interrupted, teacher, tokenizer, Traces) { Checkpoints = store })
            {
                using var stop = new CancellationTokenSource();
                var act = () => first.Train(new InlineProgress<TrainingProgress>(p => { if (p.Step == 2) stop.Cancel(); }), stop.Token);
                act.Should().Throw<OperationCanceledException>();
            }
            using var resumed = Student(tokenizer, hidden: 16, layers: 2);
            using (var second = new TokenDistillationTrainer(options, resumed, teacher, tokenizer, Traces) { Checkpoints = store })
            {
                second.Resume(store.Latest()!);
                second.Step.Should().Be(2);
                second.Train();
            }

            var expected = straight.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            resumed.named_parameters().Should().OnlyContain(p => p.parameter.allclose(expected[p.name], 0, 0, false), "resuming replays the same data order, optimiser state and step");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Resuming_from_another_trainers_checkpoint_is_refused()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var teacher = TinyWorld.Model(tokenizer, seed: 3);
        using var student = TinyWorld.Model(tokenizer, seed: 4);
        var root = Directory.CreateTempSubdirectory("r1gym-kd-wrong-").FullName;
        try
        {
            var store = new CheckpointStore(root);
            using (var sft = new SftTrainer(new SftOptions { Steps = 1, BatchSize = 2 }, student, tokenizer, Traces) { Checkpoints = store })
                sft.Train();
            using var trainer = new TokenDistillationTrainer(new DistillationOptions(), student, teacher, tokenizer, Traces);

            var act = () => trainer.Resume(store.Latest()!);

            act.Should().Throw<R1GymException>().WithMessage("*written by the sft trainer*");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
