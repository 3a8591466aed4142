namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core;
using T2CSim.Core.Planning;

public sealed class AlgorithmCatalogTests
{
    [Test]
    public void ItListsTheThesisAlgorithmsAndTheOptimum() =>
        Assert.That(AlgorithmCatalog.Names, Is.EqualTo(new[] { "NEU", "Edgent", "T2C_M", "T2C_MH", "T2C_MHE", "T2C_MHER", "T2C_OPT", "T2C_MHE-L", "T2C_MHER-C", "T2C_MHE-A" }));

    [TestCase("t2c_mher", "T2C_MHER")]
    [TestCase("EDGENT", "Edgent")]
    public void NamesAreCaseInsensitive(string asked, string expected) =>
        Assert.That(AlgorithmCatalog.Get(asked).Name, Is.EqualTo(expected));

    [Test]
    public void AnUnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<UserInputException>(() => AlgorithmCatalog.Get("T2C_X"));
        Assert.That(e!.Message, Does.Contain("T2C_X").And.Contain("NEU, Edgent, T2C_M, T2C_MH, T2C_MHE, T2C_MHER, T2C_OPT"));
    }

    // The features table of the slides ("Compared Algorithms"); T2C_OPT has T2C_MHE's features.
    [TestCase("NEU", false, false, false, false)]
    [TestCase("Edgent", false, false, true, false)]
    [TestCase("T2C_M", true, false, false, false)]
    [TestCase("T2C_MH", true, true, false, false)]
    [TestCase("T2C_MHE", true, true, true, false)]
    [TestCase("T2C_MHER", true, true, true, true)]
    [TestCase("T2C_OPT", true, true, true, false)]
    public void FeaturesFollowTheSlides(string name, bool multiTask, bool hitchhiking, bool earlyExit, bool reconfiguration)
    {
        var spec = AlgorithmCatalog.Get(name);
        Assert.That((spec.MultiTask, spec.Hitchhiking, spec.EarlyExit, spec.Reconfiguration), Is.EqualTo((multiTask, hitchhiking, earlyExit, reconfiguration)));
        Assert.That(spec.Planner.Name, Is.EqualTo(name));
    }
}
