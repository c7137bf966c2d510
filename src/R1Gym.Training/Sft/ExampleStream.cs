using R1Gym.Abstractions;
using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>
/// Supervised (prompt, completion) examples as token ids, served in batches whose order is a pure function of
/// (seed, step): each epoch is a fresh shuffle seeded by (seed, epoch), so a resumed run sees the same data. Shared by
/// SFT and token-level distillation.
/// </summary>
internal sealed class ExampleStream
{
    private readonly List<(int[] Prompt, int[] Completion)> _examples;
    private readonly long _seed;
    private long _epoch = -1;
    private int[] _order = [];

    /// <param name="what">How errors name an example ("An SFT example").</param>
    /// <param name="section">The options section holding MaxSequenceLength ("Sft").</param>
    public ExampleStream(IReadOnlyList<SftExample> examples, ITextTokenizer tokenizer, int maxSequenceLength, long seed, string what, string section)
    {
        _seed = seed;
        _examples = examples.Select(example =>
        {
            var prompt = tokenizer.Encode(example.Prompt).ToArray();
            var completion = tokenizer.Encode(example.Completion).Append(tokenizer.EosId).ToArray();
            if (prompt.Length == 0)
                throw new R1GymException($"{what} has an empty prompt; every completion must follow at least one prompt token.");
            int room = maxSequenceLength - prompt.Length;
            if (room < 1)
                throw new R1GymException($"A prompt has {prompt.Length} tokens, more than MaxSequenceLength ({maxSequenceLength}); raise {section}:MaxSequenceLength.");
            return (prompt, completion.Length <= room ? completion : completion[..room]);
        }).ToList();
    }

    public int Count => _examples.Count;

    /// <summary>The examples of step <paramref name="step"/>.</summary>
    public List<(int[] Prompt, int[] Completion)> BatchAt(int step, int batchSize)
    {
        var batch = new List<(int[], int[])>(batchSize);
        long first = (long)step * batchSize;
        for (long k = first; k < first + batchSize; k++)
            batch.Add(_examples[Order(k / _examples.Count)[(int)(k % _examples.Count)]]);
        return batch;
    }

    private int[] Order(long epoch)
    {
        if (epoch == _epoch)
            return _order;
        _order = Enumerable.Range(0, _examples.Count).ToArray();
        new Random(DeterministicSeed.Combine(_seed, epoch)).Shuffle(_order);
        _epoch = epoch;
        return _order;
    }
}
