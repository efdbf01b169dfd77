import Foundation

// Named wrappers so the model code reads as maths and picks one libm entry point.
@inline(__always) func sine(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) func cosine(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func naturalExp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func naturalLog(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
@inline(__always) func tangent(_ x: Double) -> Double { Foundation.tan(x) }
