using System.Reflection;
using Xunit.Sdk;

[assembly: DGNet.Tests.FreeDeferredScalarsBeforeEachTest]

namespace DGNet.Tests;

/// <summary>
/// Every test starts at a safe point for TorchSharp's deferred Scalar frees (see <see cref="DeferredScalarFrees"/>):
/// tests run one at a time, so no TorchSharp call is in flight between them.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class FreeDeferredScalarsBeforeEachTest : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest) => DeferredScalarFrees.FreeNow();
}
