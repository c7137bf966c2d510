namespace R1Gym.Tasks.Logic;

/// <summary>
/// One claim made on the island: English text for the puzzle and its truth value under an assignment
/// (<c>true</c> = knight). Built only from the templates below, so every sentence reads unambiguously.
/// </summary>
internal sealed record Statement(string Text, Func<bool[], bool> Holds)
{
    /// <summary>A random claim by <paramref name="speaker"/> about the others (and sometimes itself).</summary>
    public static Statement Random(Random random, int speaker, IReadOnlyList<string> names)
    {
        int n = names.Count;
        int x = Other(random, n, speaker, -1);
        int y = n > 2 ? Other(random, n, speaker, x) : speaker;
        string Kind(bool knight) => knight ? "a knight" : "a knave";
        string Plural(bool knight) => knight ? "knights" : "knaves";
        string Who(int p) => p == speaker ? "I" : names[p];
        string Be(int p) => p == speaker ? "am" : "is";
        bool a = random.Next(2) == 0, b = random.Next(2) == 0;
        switch (random.Next(8))
        {
            case 0:
                return new($"{names[x]} is {Kind(a)}.", s => s[x] == a);
            case 1:
                return y == speaker
                    ? new($"{names[x]} and I are both {Plural(a)}.", s => s[x] == a && s[speaker] == a)
                    : new($"{names[x]} and {names[y]} are both {Plural(a)}.", s => s[x] == a && s[y] == a);
            case 2:
                return new($"{names[x]} is {Kind(a)} and {Who(y)} {Be(y)} {Kind(b)}.", s => s[x] == a && s[y] == b);
            case 3:
                return new($"{names[x]} is {Kind(a)} or {Who(y)} {Be(y)} {Kind(b)} (or both).", s => s[x] == a || s[y] == b);
            case 4:
                return new($"{names[x]} and {(y == speaker ? "I" : names[y])} are {(a ? "the same kind" : "different kinds")}.", s => (s[x] == s[y]) == a);
            case 5:
                return new($"If {names[x]} is {Kind(a)}, then {Who(y)} {Be(y)} {Kind(b)}.", s => s[x] != a || s[y] == b);
            case 6:
                int count = random.Next(0, n + 1);
                return new($"Exactly {count} of us {(count == 1 ? "is a knight" : "are knights")}.", s => s.Count(k => k) == count);
            default:
                return new($"I am {Kind(a)} and {names[x]} is {Kind(b)}.", s => s[speaker] == a && s[x] == b);
        }
    }

    private static int Other(Random random, int n, int speaker, int exclude)
    {
        int p;
        do
            p = random.Next(n);
        while (p == speaker || p == exclude);
        return p;
    }
}
