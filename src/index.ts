// fbkit's public API. Importing it loads nothing native: drawing, PNG and virtual
// framebuffers work anywhere; koffi and libc are loaded by the first call that needs the OS.

export { FbkitError, ArgumentError, ClosedError, UnsupportedError } from './errors.js';
export { SysError } from './sys/sys-error.js';

// The mmap core and strict-width registers.
export { MappedRegion, type MapOptions, type FdMapOptions } from './mmio/mapped-region.js';
export {
  RegisterBlock,
  RegisterTimeoutError,
  has64BitAccess,
  type RegisterWidth,
  type ByteOrder,
  type RegisterRegion,
  type RegisterBlockOptions,
  type OpenRegisterBlockOptions,
  type ModifyMasks,
  type PollOptions,
} from './mmio/register-block.js';
export { WriteRefusedError, type CacheMode } from './memmap/devmem-policy.js';
export { IomemMap, IomemHiddenError, rangeText, type IomemRange } from './memmap/iomem.js';
export {
  buildMemoryMap,
  readMemorySources,
  locate,
  waysTo,
  bestWay,
  type MemoryMap,
  type MemNode,
  type MapWay,
  type MapMethod,
  type Location,
  type RangeKind,
  type RangeSummary,
  type PciBarInfo,
} from './memmap/ranges.js';
export { listPciDevices, type PciDevice, type PciResource } from './memmap/pci.js';
export { listUioDevices, uioMapOffset, type UioDevice, type UioMap } from './memmap/uio.js';
export { parseMtrr, type MtrrEntry } from './memmap/mtrr.js';
export { parsePatMemtypes, type PatEntry } from './memmap/pat.js';
export { readAccessFacts, type AccessFacts, type Lockdown } from './memmap/access.js';

// Pixels and surfaces.
export {
  FORMATS,
  makeFormat,
  paletteFormat,
  defaultPalette,
  grayPalette,
  pack,
  unpack,
  formatsEqual,
  bytesPerPixel,
  rowBytes,
  type PixelFormat,
  type Bitfield,
  type Visual,
  type FormatSpec,
  type BitfieldSpec,
} from './raster/format.js';
export { Surface, type SurfaceOptions, type PolygonOptions } from './draw/surface.js';
export { intersectRect, type Rect, type Point } from './raster/geometry.js';
export {
  ROTATIONS,
  isRotation,
  checkRotation,
  inverseRotation,
  rotateSize,
  rotatePoint,
  rotateRect,
  appToDevice,
  deviceToApp,
  appRectToDevice,
  deviceRectToApp,
  type Rotation,
  type Size,
} from './raster/rotation.js';
export { rotateCopy, rotateInto, type RotatePixels } from './draw/rotate.js';
export type { PixelTarget } from './raster/target.js';
export { parseColor, colorNames } from './raster/color.js';
export { blit, type BlitOptions } from './draw/blit.js';
export { blitScaled, fitRect, centerRect, type Fit, type Filter, type ScaleOptions } from './draw/scale.js';
export { over, div255, type BlendOp } from './draw/blend.js';
export { drawText, measureText, type TextOptions } from './draw/text.js';
export { createFont, type Font } from './draw/font.js';
export { builtinFont } from './draw/font-builtin.js';
export { loadPsf, FontError } from './codecs/psf.js';
export { readPng, writePng, PngError, PNG_DEFAULT_MAX_BYTES, type PngReadOptions, type PngWriteOptions } from './codecs/png.js';
export { drawDemoScene, type DemoOptions } from './demo/scene.js';

// Framebuffers, real and virtual.
export {
  Framebuffer,
  orThrow,
  type FramebufferInfo,
  type DriverResult,
  type OpenOptions,
  type BlankMode,
} from './display/framebuffer.js';
export { listDeviceFixtures, loadDeviceFixture, GeometryError, type FbGeometry } from './display/geometry.js';
// Writing a driver of your own (Framebuffer.fromDriver): the seam and the kernel's structs.
export type { FbDriver, DriverKind } from './display/driver.js';
export { RamMemory, MappedMemory, type FbMemory, type MemoryKind } from './display/memory.js';
export type { ScreenState } from './display/screen-state.js';
export type { VarScreeninfo, FixScreeninfo, FbBitfield, Colormap, AsyncIoctlResult } from './sys/linux-fb.js';
export { fbsetInfo, fbsetText, type FbsetInfo } from './display/fbset.js';
// KMS (/dev/dri/cardN): opened with Framebuffer.open like fbdev; these look around it.
export { chooseDisplay, drmCards, type DisplayChoice, type DisplayPurpose } from './display/choose-display.js';
export { readCardInfo, type CardInfo } from './display/kms/card-info.js';
export type { KmsOutput } from './display/kms/outputs.js';
export { captureKms, type KmsCapture } from './display/kms/capture.js';
export { MasterError } from './display/kms/master.js';

// Kiosks and splash screens.
export { Console, type TakeOptions, type ConsoleEvent } from './console/console.js';
export { ConsoleUnavailableError } from './console/tty.js';
export { Frames, frameLoop, type FramesOptions, type FrameLoopOptions, type ScreenOwner } from './present/frames.js';
export { DirtyRegion } from './present/dirty-region.js';
export { Splash, DEFAULT_STYLE, type SplashStyle } from './splash/splash.js';
