// fbkit's public API. Importing it loads nothing native: drawing, PNG and virtual
// framebuffers work anywhere; koffi and libc are loaded by the first call that needs the OS.

import { setFaceResolver } from './draw/outline-font.js';
import { loadFont } from './text/load-font.js';

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
export { Surface, type SurfaceOptions, type CreateSurfaceOptions, type PolygonOptions } from './draw/surface.js';
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
export { Path, FLATNESS } from './draw/path.js';
export type { FillOptions, StrokeOptions } from './draw/vector.js';
export type { LineJoin, LineCap } from './draw/stroke.js';
export type { ShapeOptions, LineOptions } from './draw/surface.js';
export { measureOutlineText, type OutlineTextOptions, type TextBox, type TextAlign } from './draw/outline-text.js';
export type { OutlineFace } from './draw/outline-font.js';
export { loadFont } from './text/load-font.js';
export { parseFont, FontFileError } from './text/opentype-face.js';
export { createFont, type Font } from './draw/font.js';
export { builtinFont } from './draw/font-builtin.js';
export { loadPsf, FontError } from './codecs/psf.js';
export { readPng, writePng, PngError, PNG_DEFAULT_MAX_BYTES, type PngReadOptions, type PngWriteOptions } from './codecs/png.js';
export { drawDemoScene, type DemoOptions } from './demo/scene.js';

// Outline fonts by name: draw/ resolves 'DejaVu Sans' through text/'s loader (which
// loads the parser, opentype.js, only when the first font is loaded).
setFaceResolver(loadFont);

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

// Input: evdev keyboards, mice, touchscreens and tablets; uinput devices.
export { InputSource, type InputOptions, type InputDeviceInfo } from './input/input-source.js';
export type { InputEvent, PointerEvent, TouchEvent, WheelEvent, KeyEvent, DeviceEvent } from './input/events.js';
export type { DeviceKind } from './input/classify.js';
export {
  makeTransform,
  solveCalibration,
  checkMatrix,
  SingularMatrixError,
  IDENTITY_MATRIX,
  type CalibrationMatrix,
  type GeometryOptions,
  type ScreenGeometry,
  type AbsTransform,
} from './input/geometry.js';
export { listInputDevices, type ListedDevice } from './input/list.js';
export { VirtualInputDevice, type VirtualDeviceOptions } from './input/uinput.js';
export { UsKeymap, keysFor } from './input/keymap.js';
