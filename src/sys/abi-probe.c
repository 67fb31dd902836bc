/*
 * abi-probe: prints, from the real system headers, every number the TypeScript side
 * hardcodes (ioctl requests, struct sizes and field offsets, flags), one "name value"
 * per line. test/sys/abi-probe.test.ts compiles this with `cc`, and with cross compilers
 * for armhf, arm64 and i386 (run under qemu-user), and compares each line with the TS
 * tables for that ABI, so a typo in an ABI constant cannot survive.
 *
 * Names: "sizeof.<struct>", "offsetof.<struct>.<field>", otherwise the C macro name.
 */
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <linux/kd.h>
#include <linux/vt.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NUM(name) printf("%s %llu\n", #name, (unsigned long long)(name))
/* A request number built from a length or code: printed under the call as written, e.g. "EVIOCGNAME(256)". */
#define NUM_AS(label, value) printf("%s %llu\n", label, (unsigned long long)(value))
#define SIZE(type) printf("sizeof.%s %zu\n", #type, sizeof(struct type))
#define OFF(type, field) printf("offsetof.%s.%s %zu\n", #type, #field, offsetof(struct type, field))
/* Arrays are printed element by element under the TS names reserved0, reserved1... */
#define OFF_AT(type, field, i) \
	printf("offsetof.%s.%s%d %zu\n", #type, #field, i, offsetof(struct type, field) + (i) * sizeof(((struct type *)0)->field[0]))

static void var_screeninfo(void)
{
	SIZE(fb_var_screeninfo);
	OFF(fb_var_screeninfo, xres);
	OFF(fb_var_screeninfo, yres);
	OFF(fb_var_screeninfo, xres_virtual);
	OFF(fb_var_screeninfo, yres_virtual);
	OFF(fb_var_screeninfo, xoffset);
	OFF(fb_var_screeninfo, yoffset);
	OFF(fb_var_screeninfo, bits_per_pixel);
	OFF(fb_var_screeninfo, grayscale);
	OFF(fb_var_screeninfo, red);
	OFF(fb_var_screeninfo, green);
	OFF(fb_var_screeninfo, blue);
	OFF(fb_var_screeninfo, transp);
	OFF(fb_var_screeninfo, nonstd);
	OFF(fb_var_screeninfo, activate);
	OFF(fb_var_screeninfo, height);
	OFF(fb_var_screeninfo, width);
	OFF(fb_var_screeninfo, accel_flags);
	OFF(fb_var_screeninfo, pixclock);
	OFF(fb_var_screeninfo, left_margin);
	OFF(fb_var_screeninfo, right_margin);
	OFF(fb_var_screeninfo, upper_margin);
	OFF(fb_var_screeninfo, lower_margin);
	OFF(fb_var_screeninfo, hsync_len);
	OFF(fb_var_screeninfo, vsync_len);
	OFF(fb_var_screeninfo, sync);
	OFF(fb_var_screeninfo, vmode);
	OFF(fb_var_screeninfo, rotate);
	OFF(fb_var_screeninfo, colorspace);
	for (int i = 0; i < 4; i++)
		OFF_AT(fb_var_screeninfo, reserved, i);
	SIZE(fb_bitfield);
	OFF(fb_bitfield, offset);
	OFF(fb_bitfield, length);
	OFF(fb_bitfield, msb_right);
}

static void fix_screeninfo(void)
{
	SIZE(fb_fix_screeninfo);
	OFF(fb_fix_screeninfo, id);
	OFF(fb_fix_screeninfo, smem_start);
	OFF(fb_fix_screeninfo, smem_len);
	OFF(fb_fix_screeninfo, type);
	OFF(fb_fix_screeninfo, type_aux);
	OFF(fb_fix_screeninfo, visual);
	OFF(fb_fix_screeninfo, xpanstep);
	OFF(fb_fix_screeninfo, ypanstep);
	OFF(fb_fix_screeninfo, ywrapstep);
	OFF(fb_fix_screeninfo, line_length);
	OFF(fb_fix_screeninfo, mmio_start);
	OFF(fb_fix_screeninfo, mmio_len);
	OFF(fb_fix_screeninfo, accel);
	OFF(fb_fix_screeninfo, capabilities);
	for (int i = 0; i < 2; i++)
		OFF_AT(fb_fix_screeninfo, reserved, i);
}

static void cmap(void)
{
	SIZE(fb_cmap);
	OFF(fb_cmap, start);
	OFF(fb_cmap, len);
	OFF(fb_cmap, red);
	OFF(fb_cmap, green);
	OFF(fb_cmap, blue);
	OFF(fb_cmap, transp);
}

static void fb_constants(void)
{
	NUM(FBIOGET_VSCREENINFO);
	NUM(FBIOPUT_VSCREENINFO);
	NUM(FBIOGET_FSCREENINFO);
	NUM(FBIOGETCMAP);
	NUM(FBIOPUTCMAP);
	NUM(FBIOPAN_DISPLAY);
	NUM(FBIOBLANK);
	NUM(FBIO_WAITFORVSYNC);

	NUM(FB_TYPE_PACKED_PIXELS);
	NUM(FB_TYPE_PLANES);
	NUM(FB_TYPE_INTERLEAVED_PLANES);
	NUM(FB_TYPE_TEXT);
	NUM(FB_TYPE_VGA_PLANES);
	NUM(FB_TYPE_FOURCC);

	NUM(FB_VISUAL_MONO01);
	NUM(FB_VISUAL_MONO10);
	NUM(FB_VISUAL_TRUECOLOR);
	NUM(FB_VISUAL_PSEUDOCOLOR);
	NUM(FB_VISUAL_DIRECTCOLOR);
	NUM(FB_VISUAL_STATIC_PSEUDOCOLOR);
	NUM(FB_VISUAL_FOURCC);

	NUM(FB_ACTIVATE_NOW);
	NUM(FB_ACTIVATE_NXTOPEN);
	NUM(FB_ACTIVATE_TEST);
	NUM(FB_ACTIVATE_MASK);
	NUM(FB_ACTIVATE_VBL);
	NUM(FB_CHANGE_CMAP_VBL);
	NUM(FB_ACTIVATE_ALL);
	NUM(FB_ACTIVATE_FORCE);
	NUM(FB_ACTIVATE_INV_MODE);
	NUM(FB_ACTIVATE_KD_TEXT);

	NUM(FB_SYNC_HOR_HIGH_ACT);
	NUM(FB_SYNC_VERT_HIGH_ACT);
	NUM(FB_SYNC_EXT);
	NUM(FB_SYNC_COMP_HIGH_ACT);
	NUM(FB_SYNC_BROADCAST);
	NUM(FB_SYNC_ON_GREEN);

	NUM(FB_VMODE_NONINTERLACED);
	NUM(FB_VMODE_INTERLACED);
	NUM(FB_VMODE_DOUBLE);
	NUM(FB_VMODE_ODD_FLD_FIRST);
	NUM(FB_VMODE_MASK);
	NUM(FB_VMODE_YWRAP);
	NUM(FB_VMODE_SMOOTH_XPAN);
	NUM(FB_VMODE_CONUPDATE);

	NUM(FB_BLANK_UNBLANK);
	NUM(FB_BLANK_NORMAL);
	NUM(FB_BLANK_VSYNC_SUSPEND);
	NUM(FB_BLANK_HSYNC_SUSPEND);
	NUM(FB_BLANK_POWERDOWN);

	NUM(FB_NONSTD_HAM);
	NUM(FB_NONSTD_REV_PIX_IN_B);
	NUM(FB_ROTATE_UR);
	NUM(FB_ROTATE_CW);
	NUM(FB_ROTATE_UD);
	NUM(FB_ROTATE_CCW);
	NUM(FB_CAP_FOURCC);

	NUM(FB_ACCEL_NONE);
	NUM(FB_ACCEL_ATARIBLITT);
	NUM(FB_ACCEL_AMIGABLITT);
	NUM(FB_ACCEL_S3_TRIO64);
	NUM(FB_ACCEL_NCR_77C32BLT);
	NUM(FB_ACCEL_S3_VIRGE);
	NUM(FB_ACCEL_ATI_MACH64GX);
	NUM(FB_ACCEL_DEC_TGA);
	NUM(FB_ACCEL_ATI_MACH64CT);
	NUM(FB_ACCEL_ATI_MACH64VT);
	NUM(FB_ACCEL_ATI_MACH64GT);
	NUM(FB_ACCEL_SUN_CREATOR);
	NUM(FB_ACCEL_SUN_CGSIX);
	NUM(FB_ACCEL_SUN_LEO);
	NUM(FB_ACCEL_IMS_TWINTURBO);
	NUM(FB_ACCEL_3DLABS_PERMEDIA2);
	NUM(FB_ACCEL_MATROX_MGA2064W);
	NUM(FB_ACCEL_MATROX_MGA1064SG);
	NUM(FB_ACCEL_MATROX_MGA2164W);
	NUM(FB_ACCEL_MATROX_MGA2164W_AGP);
	NUM(FB_ACCEL_MATROX_MGAG100);
	NUM(FB_ACCEL_MATROX_MGAG200);
	NUM(FB_ACCEL_SUN_CG14);
	NUM(FB_ACCEL_SUN_BWTWO);
	NUM(FB_ACCEL_SUN_CGTHREE);
	NUM(FB_ACCEL_SUN_TCX);
	NUM(FB_ACCEL_MATROX_MGAG400);
	NUM(FB_ACCEL_NV3);
	NUM(FB_ACCEL_NV4);
	NUM(FB_ACCEL_NV5);
	NUM(FB_ACCEL_CT_6555x);
	NUM(FB_ACCEL_3DFX_BANSHEE);
	NUM(FB_ACCEL_ATI_RAGE128);
	NUM(FB_ACCEL_IGS_CYBER2000);
	NUM(FB_ACCEL_IGS_CYBER2010);
	NUM(FB_ACCEL_IGS_CYBER5000);
	NUM(FB_ACCEL_SIS_GLAMOUR);
	NUM(FB_ACCEL_3DLABS_PERMEDIA3);
	NUM(FB_ACCEL_ATI_RADEON);
	NUM(FB_ACCEL_I810);
	NUM(FB_ACCEL_SIS_GLAMOUR_2);
	NUM(FB_ACCEL_SIS_XABRE);
	NUM(FB_ACCEL_I830);
	NUM(FB_ACCEL_NV_10);
	NUM(FB_ACCEL_NV_20);
	NUM(FB_ACCEL_NV_30);
	NUM(FB_ACCEL_NV_40);
	NUM(FB_ACCEL_XGI_VOLARI_V);
	NUM(FB_ACCEL_XGI_VOLARI_Z);
	NUM(FB_ACCEL_OMAP1610);
	NUM(FB_ACCEL_TRIDENT_TGUI);
	NUM(FB_ACCEL_TRIDENT_3DIMAGE);
	NUM(FB_ACCEL_TRIDENT_BLADE3D);
	NUM(FB_ACCEL_TRIDENT_BLADEXP);
	NUM(FB_ACCEL_CIRRUS_ALPINE);
	NUM(FB_ACCEL_NEOMAGIC_NM2070);
	NUM(FB_ACCEL_NEOMAGIC_NM2090);
	NUM(FB_ACCEL_NEOMAGIC_NM2093);
	NUM(FB_ACCEL_NEOMAGIC_NM2097);
	NUM(FB_ACCEL_NEOMAGIC_NM2160);
	NUM(FB_ACCEL_NEOMAGIC_NM2200);
	NUM(FB_ACCEL_NEOMAGIC_NM2230);
	NUM(FB_ACCEL_NEOMAGIC_NM2360);
	NUM(FB_ACCEL_NEOMAGIC_NM2380);
	NUM(FB_ACCEL_PXA3XX);
	NUM(FB_ACCEL_SAVAGE4);
	NUM(FB_ACCEL_SAVAGE3D);
	NUM(FB_ACCEL_SAVAGE3D_MV);
	NUM(FB_ACCEL_SAVAGE2000);
	NUM(FB_ACCEL_SAVAGE_MX_MV);
	NUM(FB_ACCEL_SAVAGE_MX);
	NUM(FB_ACCEL_SAVAGE_IX_MV);
	NUM(FB_ACCEL_SAVAGE_IX);
	NUM(FB_ACCEL_PROSAVAGE_PM);
	NUM(FB_ACCEL_PROSAVAGE_KM);
	NUM(FB_ACCEL_S3TWISTER_P);
	NUM(FB_ACCEL_S3TWISTER_K);
	NUM(FB_ACCEL_SUPERSAVAGE);
	NUM(FB_ACCEL_PROSAVAGE_DDR);
	NUM(FB_ACCEL_PROSAVAGE_DDRK);
	NUM(FB_ACCEL_PUV3_UNIGFX);
}

/* What native/libc.ts hardcodes. */
static void libc_constants(void)
{
	NUM(O_RDONLY);
	NUM(O_WRONLY);
	NUM(O_RDWR);
	NUM(O_CREAT);
	NUM(O_NOCTTY);
	NUM(O_NONBLOCK);
	NUM(O_SYNC);
	NUM(O_CLOEXEC);
	NUM(PROT_READ);
	NUM(PROT_WRITE);
	NUM(MAP_SHARED);
	NUM(MAP_PRIVATE);
	NUM(MAP_FIXED);
	NUM(MAP_ANONYMOUS);
	NUM(MS_SYNC);
	/* sysconf's answer, not a constant: the test compares it with PAGE_SIZE. */
	printf("PAGE_SIZE %ld\n", sysconf(_SC_PAGESIZE));
}

/* What native/linux-kd.ts hardcodes (console takeover; kiosk helper's section). */
static void kd_vt_constants(void)
{
	NUM(KDSETMODE);
	NUM(KDGETMODE);
	NUM(KDGKBMODE);
	NUM(KDSKBMODE);
	NUM(KD_TEXT);
	NUM(KD_GRAPHICS);
	NUM(K_RAW);
	NUM(K_XLATE);
	NUM(K_MEDIUMRAW);
	NUM(K_UNICODE);
	NUM(K_OFF);
	NUM(VT_OPENQRY);
	NUM(VT_GETMODE);
	NUM(VT_SETMODE);
	NUM(VT_GETSTATE);
	NUM(VT_RELDISP);
	NUM(VT_ACTIVATE);
	NUM(VT_WAITACTIVE);
	SIZE(vt_stat);
	NUM(VT_AUTO);
	NUM(VT_PROCESS);
	NUM(VT_ACKACQ);
	SIZE(vt_mode);
	OFF(vt_mode, mode);
	OFF(vt_mode, waitv);
	OFF(vt_mode, relsig);
	OFF(vt_mode, acqsig);
	OFF(vt_mode, frsig);
}

/* What sys/linux-input.ts hardcodes: evdev and uinput structs, requests and code names. */
static void input_structs(void)
{
	SIZE(input_event);
	/* The header names the time fields through these macros: struct timeval, or two longs under __USE_TIME_BITS64. */
	printf("offsetof.input_event.sec %zu\n", offsetof(struct input_event, input_event_sec));
	printf("offsetof.input_event.usec %zu\n", offsetof(struct input_event, input_event_usec));
	OFF(input_event, type);
	OFF(input_event, code);
	OFF(input_event, value);
	SIZE(input_id);
	OFF(input_id, bustype);
	OFF(input_id, vendor);
	OFF(input_id, product);
	OFF(input_id, version);
	SIZE(input_absinfo);
	OFF(input_absinfo, value);
	OFF(input_absinfo, minimum);
	OFF(input_absinfo, maximum);
	OFF(input_absinfo, fuzz);
	OFF(input_absinfo, flat);
	OFF(input_absinfo, resolution);
	SIZE(uinput_setup);
	OFF(uinput_setup, id);
	OFF(uinput_setup, name);
	OFF(uinput_setup, ff_effects_max);
	SIZE(uinput_abs_setup);
	OFF(uinput_abs_setup, code);
	OFF(uinput_abs_setup, absinfo);
	NUM(UINPUT_MAX_NAME_SIZE);
}

static void input_requests(void)
{
	NUM(EVIOCGVERSION);
	NUM(EVIOCGID);
	NUM(EVIOCGREP);
	NUM_AS("EVIOCGNAME(256)", EVIOCGNAME(256));
	NUM_AS("EVIOCGPHYS(256)", EVIOCGPHYS(256));
	NUM_AS("EVIOCGUNIQ(256)", EVIOCGUNIQ(256));
	NUM_AS("EVIOCGPROP(8)", EVIOCGPROP(8));
	NUM_AS("EVIOCGMTSLOTS(44)", EVIOCGMTSLOTS(44));
	NUM_AS("EVIOCGKEY(96)", EVIOCGKEY(96));
	NUM_AS("EVIOCGLED(8)", EVIOCGLED(8));
	NUM_AS("EVIOCGSW(8)", EVIOCGSW(8));
	NUM_AS("EVIOCGBIT(0,8)", EVIOCGBIT(0, 8));
	NUM_AS("EVIOCGBIT(EV_ABS,8)", EVIOCGBIT(EV_ABS, 8));
	NUM_AS("EVIOCGABS(ABS_X)", EVIOCGABS(ABS_X));
	NUM_AS("EVIOCGABS(ABS_MT_SLOT)", EVIOCGABS(ABS_MT_SLOT));
	NUM(EVIOCGRAB);
	NUM(EVIOCSCLOCKID);
	NUM(CLOCK_MONOTONIC);
	NUM(KEY_MAX);
	NUM(ABS_MAX);
	NUM(REL_MAX);
	NUM(EV_MAX);
	NUM(INPUT_PROP_MAX);
	NUM(LED_MAX);
	NUM(UI_DEV_CREATE);
	NUM(UI_DEV_DESTROY);
	NUM(UI_DEV_SETUP);
	NUM(UI_ABS_SETUP);
	NUM(UI_SET_EVBIT);
	NUM(UI_SET_KEYBIT);
	NUM(UI_SET_RELBIT);
	NUM(UI_SET_ABSBIT);
	NUM(UI_SET_PROPBIT);
	NUM_AS("UI_GET_SYSNAME(64)", UI_GET_SYSNAME(64));
	NUM(UI_GET_VERSION);
}

/* Every event type and code name sys/input-codes.ts holds (generated with it). */
static void input_codes(void)
{
#include "abi-probe-input-codes.h"
}

int main(void)
{
	var_screeninfo();
	fix_screeninfo();
	cmap();
	fb_constants();
	libc_constants();
	kd_vt_constants();
	input_structs();
	input_requests();
	input_codes();
	return 0;
}
