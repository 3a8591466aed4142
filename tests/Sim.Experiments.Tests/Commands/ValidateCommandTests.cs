namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Experiments.Commands;

/// <summary>`t2c validate --suite` refuses counts it cannot honour before it starts any run.</summary>
public sealed class ValidateCommandTests
{
    [TestCase("--repeats", "0")]
    [TestCase("--sim-replications", "0")]
    [TestCase("--sim-replications", "101")]
    [TestCase("--sim-replications", "2000000000")]
    public void A_count_out_of_range_is_a_one_line_error_naming_the_option(string option, string value)
    {
        string message = CliError.Of(new ValidateCommand().Build(), "--suite", "scenarios/validation", option, value);
        Assert.That(message, Does.Contain(option).And.Contain(value).And.Not.Contain("\n"));
    }
}
