namespace T2CSim.Hardware.Models;

/// <summary>
/// The five multi-task networks of the experiments, varied in tasks, depth and width so their
/// compute and transfer demands differ. Final-exit accuracies are literature figures (docs/models.md).
/// </summary>
public static class ModelZoo
{
    // Final-exit accuracies of the BKNet family and the age-group literature; see docs/models.md.
    public const double SmileAccuracy = 0.92;   // BKNet (Sang & Bao, Informatica 2018), GENKI-4K, rounded down
    public const double GenderAccuracy = 0.90;  // BKNet, gender, rounded down
    public const double EmotionAccuracy = 0.70; // BKNet, FER-2013 (7 classes)
    public const double AgeAccuracy = 0.507;    // Levi & Hassner (CVPR-W 2015), Adience 8 age groups, exact

    private static TaskArchitecture Age(params int[] branch) => new("age", 8, branch, AgeAccuracy);
    private static TaskArchitecture Smile(params int[] branch) => new("smile", 2, branch, SmileAccuracy);
    private static TaskArchitecture Gender(params int[] branch) => new("gender", 2, branch, GenderAccuracy);
    private static TaskArchitecture Emotion(params int[] branch) => new("emotion", 7, branch, EmotionAccuracy);
    private static BlockSpec[] Blocks(int convs, params int[] filters) => filters.Select(f => new BlockSpec(f, convs)).ToArray();

    public static IReadOnlyList<NetworkArchitecture> All { get; } =
    [
        // The thesis's Age-Smile-Gender network: BKNet's 4 blocks, two FC layers per task.
        new("asg-base", Blocks(1, 32, 64, 128, 256), [Age(256, 128), Smile(256, 128), Gender(256, 128)], [1, 2, 3]),
        // A light two-task net for weak devices: narrow and shallow, one FC layer per task.
        new("sg-lite", Blocks(1, 16, 32, 64), [Smile(128), Gender(128)], [1, 2]),
        // A deep net: five blocks of two convolutions each; exits from the second block on.
        new("ag-deep", Blocks(2, 32, 64, 128, 256, 256), [Age(256, 128), Gender(256, 128)], [2, 3, 4]),
        // A wide net: twice BKNet's filters, so layer outputs (what crosses links) are large too.
        new("se-wide", Blocks(1, 64, 128, 256, 512), [Smile(512, 256), Emotion(512, 256)], [1, 2, 3]),
        // Four tasks on the BKNet stem: the most sharing, the most branches.
        new("asge-base", Blocks(1, 32, 64, 128, 256), [Age(256, 128), Smile(256, 128), Gender(256, 128), Emotion(256, 128)], [1, 2, 3]),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    public static bool TryGet(string name, out NetworkArchitecture architecture)
    {
        architecture = All.FirstOrDefault(a => a.Name == name)!;
        return architecture is not null;
    }
}
