import SkinDeltaKit

SkinDelta.main()
