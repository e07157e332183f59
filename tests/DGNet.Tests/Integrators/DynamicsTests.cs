using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Tests.Integrators;

public class DynamicsTests
{
    [Fact]
    public void AnEvaluationReleasesItsIntermediatesAndHandsItsResultToTheCaller()
    {
        var made = new List<Tensor>();
        Tensor Record(Tensor t) { made.Add(t); return t; }
        var dynamics = new Dynamics(
            field: u => Record(u * 2) + 1,
            discreteField: (next, current) => Record(next - current) * 3);
        var u = ones(4, 2, dtype: ScalarType.Float64);
        Tensor field, discrete, derived;
        using (var caller = NewDisposeScope())
        {
            field = dynamics.Field(u);
            discrete = dynamics.DiscreteField!(u, 2 * u);
            Assert.All(made, t => Assert.True(t.IsInvalid));   // gone when each evaluation returned
            Assert.Equal(3.0, field[0, 0].item<double>());
            Assert.Equal(-3.0, discrete[0, 0].item<double>());
            Assert.True(caller.Contains(field) && caller.Contains(discrete));   // the caller's scope owns the results
        }
        Assert.True(field.IsInvalid && discrete.IsInvalid);

        made.Clear();
        var fromDiscrete = new Dynamics(discreteField: (next, current) => Record(next + current) * 0.5);
        using (var caller = NewDisposeScope())
        {
            derived = fromDiscrete.Field(u);
            Assert.True(made.Single().IsInvalid);
            Assert.Equal(1.0, derived[0, 0].item<double>());
        }
        Assert.True(derived.IsInvalid);
    }

    [Fact]
    public void AFieldReturningATensorOfTheCallerStaysTheCallers()
    {
        var dynamics = new Dynamics(field: u => u);
        using var caller = NewDisposeScope();
        var u = ones(3, 2, dtype: ScalarType.Float64);
        Assert.Same(u, dynamics.Field(u));
        Assert.True(caller.Contains(u));
        Assert.False(u.IsInvalid);
    }

    [Fact]
    public void GradientsFlowThroughAnEvaluationWhoseIntermediatesWereReleased()
    {
        var w = tensor(new[] { 0.5, -1.5 }, dtype: ScalarType.Float64).requires_grad_();
        var dynamics = new Dynamics(field: u => (u * w).tanh() * w);
        using var scope = NewDisposeScope();
        var u = tensor(new[] { 0.3, 0.7 }, dtype: ScalarType.Float64).reshape(1, 2);
        dynamics.Field(u).sum().backward();
        // d/dw of tanh(u w) w = u w sech²(u w) + tanh(u w)
        var uw = (u * w).detach();
        var expected = (u * w.detach() * (1 - uw.tanh().square()) + uw.tanh()).reshape(2);
        Assert.True(allclose(w.grad!, expected, rtol: 1e-14, atol: 1e-15));
    }
}
