namespace R1Gym.Tasks.Logic;

/// <summary>How the houses of two items relate (an item is one value of one attribute, such as "drinks tea").</summary>
internal enum ZebraRelation
{
    SameHouse,
    DifferentHouse,
    DirectlyLeftOf,
    NextTo,
    LeftOf,
    InHouse,
    NotInHouse,
}

/// <summary>
/// One clue: a relation between item <see cref="A"/> and item <see cref="B"/>, or between <see cref="A"/> and house
/// <see cref="House"/> (0-based) for the unary relations. Items are numbered attribute * houses + value.
/// </summary>
internal sealed record ZebraClue(ZebraRelation Relation, int A, int B, int House = -1)
{
    public bool IsUnary => Relation is ZebraRelation.InHouse or ZebraRelation.NotInHouse;

    /// <summary>True when houses <paramref name="a"/> and <paramref name="b"/> satisfy the relation (b ignored for unary clues).</summary>
    public bool Holds(int a, int b) => Relation switch
    {
        ZebraRelation.SameHouse => a == b,
        ZebraRelation.DifferentHouse => a != b,
        ZebraRelation.DirectlyLeftOf => a + 1 == b,
        ZebraRelation.NextTo => Math.Abs(a - b) == 1,
        ZebraRelation.LeftOf => a < b,
        ZebraRelation.InHouse => a == House,
        _ => a != House,
    };

    public string Describe(Func<int, string> item) => Relation switch
    {
        ZebraRelation.SameHouse => $"{Capital(item(A))} is {item(B)}.",
        ZebraRelation.DifferentHouse => $"{Capital(item(A))} is not {item(B)}.",
        ZebraRelation.DirectlyLeftOf => $"{Capital(item(A))} lives directly left of {item(B)}.",
        ZebraRelation.NextTo => $"{Capital(item(A))} lives next to {item(B)}.",
        ZebraRelation.LeftOf => $"{Capital(item(A))} lives somewhere to the left of {item(B)}.",
        ZebraRelation.InHouse => $"{Capital(item(A))} lives in house {House + 1}.",
        _ => $"{Capital(item(A))} does not live in house {House + 1}.",
    };

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
