/*
 * abi-probe: prints, from the real system headers, every number the TypeScript side
 * hardcodes (ioctl requests, struct sizes and field offsets, flags), one "name value"
 * per line. test/sys/abi-probe.test.ts compiles this with `cc`, and with cross compilers
 * for armhf, arm64 and i386 (run under qemu-user), and compares each line with the TS
 * tables for that ABI, so a typo in an ABI constant cannot survive.
 *
 * Names: "sizeof.<struct>", "offsetof.<struct>.<field>", otherwise the C macro name.
 *
 * The DRM headers are included as <drm.h>, found with -I: Debian's libdrm-dev puts the
 * host's in /usr/include/libdrm, the cross packages theirs in /usr/<triplet>/include/drm.
 */
#include <drm.h>
#include <drm_fourcc.h>
#include <drm_mode.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <linux/kd.h>
#include <linux/vt.h>
#include <poll.h>
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
	NUM(POLLIN);
	SIZE(pollfd);
	OFF(pollfd, fd);
	OFF(pollfd, events);
	OFF(pollfd, revents);
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

/* What native/linux-drm.ts hardcodes (the KMS backend). */
static void drm_structs(void)
{
	SIZE(drm_version);
	OFF(drm_version, version_major);
	OFF(drm_version, version_minor);
	OFF(drm_version, version_patchlevel);
	OFF(drm_version, name_len);
	OFF(drm_version, name);
	OFF(drm_version, date_len);
	OFF(drm_version, date);
	OFF(drm_version, desc_len);
	OFF(drm_version, desc);
	SIZE(drm_mode_modeinfo);
	OFF(drm_mode_modeinfo, clock);
	OFF(drm_mode_modeinfo, hdisplay);
	OFF(drm_mode_modeinfo, hsync_start);
	OFF(drm_mode_modeinfo, hsync_end);
	OFF(drm_mode_modeinfo, htotal);
	OFF(drm_mode_modeinfo, hskew);
	OFF(drm_mode_modeinfo, vdisplay);
	OFF(drm_mode_modeinfo, vsync_start);
	OFF(drm_mode_modeinfo, vsync_end);
	OFF(drm_mode_modeinfo, vtotal);
	OFF(drm_mode_modeinfo, vscan);
	OFF(drm_mode_modeinfo, vrefresh);
	OFF(drm_mode_modeinfo, flags);
	OFF(drm_mode_modeinfo, type);
	OFF(drm_mode_modeinfo, name);
	SIZE(drm_mode_card_res);
	OFF(drm_mode_card_res, fb_id_ptr);
	OFF(drm_mode_card_res, crtc_id_ptr);
	OFF(drm_mode_card_res, connector_id_ptr);
	OFF(drm_mode_card_res, encoder_id_ptr);
	OFF(drm_mode_card_res, count_fbs);
	OFF(drm_mode_card_res, count_crtcs);
	OFF(drm_mode_card_res, count_connectors);
	OFF(drm_mode_card_res, count_encoders);
	OFF(drm_mode_card_res, min_width);
	OFF(drm_mode_card_res, max_width);
	OFF(drm_mode_card_res, min_height);
	OFF(drm_mode_card_res, max_height);
	SIZE(drm_mode_get_connector);
	OFF(drm_mode_get_connector, encoders_ptr);
	OFF(drm_mode_get_connector, modes_ptr);
	OFF(drm_mode_get_connector, props_ptr);
	OFF(drm_mode_get_connector, prop_values_ptr);
	OFF(drm_mode_get_connector, count_modes);
	OFF(drm_mode_get_connector, count_props);
	OFF(drm_mode_get_connector, count_encoders);
	OFF(drm_mode_get_connector, encoder_id);
	OFF(drm_mode_get_connector, connector_id);
	OFF(drm_mode_get_connector, connector_type);
	OFF(drm_mode_get_connector, connector_type_id);
	OFF(drm_mode_get_connector, connection);
	OFF(drm_mode_get_connector, mm_width);
	OFF(drm_mode_get_connector, mm_height);
	OFF(drm_mode_get_connector, subpixel);
	OFF(drm_mode_get_connector, pad);
	SIZE(drm_mode_get_encoder);
	OFF(drm_mode_get_encoder, encoder_id);
	OFF(drm_mode_get_encoder, encoder_type);
	OFF(drm_mode_get_encoder, crtc_id);
	OFF(drm_mode_get_encoder, possible_crtcs);
	OFF(drm_mode_get_encoder, possible_clones);
	SIZE(drm_mode_crtc);
	OFF(drm_mode_crtc, set_connectors_ptr);
	OFF(drm_mode_crtc, count_connectors);
	OFF(drm_mode_crtc, crtc_id);
	OFF(drm_mode_crtc, fb_id);
	OFF(drm_mode_crtc, x);
	OFF(drm_mode_crtc, y);
	OFF(drm_mode_crtc, gamma_size);
	OFF(drm_mode_crtc, mode_valid);
	OFF(drm_mode_crtc, mode);
	SIZE(drm_mode_create_dumb);
	OFF(drm_mode_create_dumb, height);
	OFF(drm_mode_create_dumb, width);
	OFF(drm_mode_create_dumb, bpp);
	OFF(drm_mode_create_dumb, flags);
	OFF(drm_mode_create_dumb, handle);
	OFF(drm_mode_create_dumb, pitch);
	OFF(drm_mode_create_dumb, size);
	SIZE(drm_mode_map_dumb);
	OFF(drm_mode_map_dumb, handle);
	OFF(drm_mode_map_dumb, pad);
	OFF(drm_mode_map_dumb, offset);
	SIZE(drm_mode_destroy_dumb);
	OFF(drm_mode_destroy_dumb, handle);
	SIZE(drm_mode_fb_cmd2);
	OFF(drm_mode_fb_cmd2, fb_id);
	OFF(drm_mode_fb_cmd2, width);
	OFF(drm_mode_fb_cmd2, height);
	OFF(drm_mode_fb_cmd2, pixel_format);
	OFF(drm_mode_fb_cmd2, flags);
	OFF(drm_mode_fb_cmd2, handles);
	for (int i = 0; i < 4; i++)
		OFF_AT(drm_mode_fb_cmd2, handles, i);
	OFF(drm_mode_fb_cmd2, pitches);
	for (int i = 0; i < 4; i++)
		OFF_AT(drm_mode_fb_cmd2, pitches, i);
	OFF(drm_mode_fb_cmd2, offsets);
	for (int i = 0; i < 4; i++)
		OFF_AT(drm_mode_fb_cmd2, offsets, i);
	OFF(drm_mode_fb_cmd2, modifier);
	for (int i = 0; i < 4; i++)
		OFF_AT(drm_mode_fb_cmd2, modifier, i);
	SIZE(drm_mode_fb_cmd);
	OFF(drm_mode_fb_cmd, fb_id);
	OFF(drm_mode_fb_cmd, width);
	OFF(drm_mode_fb_cmd, height);
	OFF(drm_mode_fb_cmd, pitch);
	OFF(drm_mode_fb_cmd, bpp);
	OFF(drm_mode_fb_cmd, depth);
	OFF(drm_mode_fb_cmd, handle);
	SIZE(drm_mode_crtc_page_flip);
	OFF(drm_mode_crtc_page_flip, crtc_id);
	OFF(drm_mode_crtc_page_flip, fb_id);
	OFF(drm_mode_crtc_page_flip, flags);
	OFF(drm_mode_crtc_page_flip, reserved);
	OFF(drm_mode_crtc_page_flip, user_data);
	SIZE(drm_mode_fb_dirty_cmd);
	OFF(drm_mode_fb_dirty_cmd, fb_id);
	OFF(drm_mode_fb_dirty_cmd, flags);
	OFF(drm_mode_fb_dirty_cmd, color);
	OFF(drm_mode_fb_dirty_cmd, num_clips);
	OFF(drm_mode_fb_dirty_cmd, clips_ptr);
	SIZE(drm_clip_rect);
	OFF(drm_clip_rect, x1);
	OFF(drm_clip_rect, y1);
	OFF(drm_clip_rect, x2);
	OFF(drm_clip_rect, y2);
	SIZE(drm_get_cap);
	OFF(drm_get_cap, capability);
	OFF(drm_get_cap, value);
	SIZE(drm_gem_close);
	OFF(drm_gem_close, handle);
	OFF(drm_gem_close, pad);
	SIZE(drm_event);
	OFF(drm_event, type);
	OFF(drm_event, length);
	SIZE(drm_event_vblank);
	OFF(drm_event_vblank, base);
	OFF(drm_event_vblank, user_data);
	OFF(drm_event_vblank, tv_sec);
	OFF(drm_event_vblank, tv_usec);
	OFF(drm_event_vblank, sequence);
	OFF(drm_event_vblank, crtc_id);
}

static void drm_constants(void)
{
	NUM(DRM_IOCTL_VERSION);
	NUM(DRM_IOCTL_GEM_CLOSE);
	NUM(DRM_IOCTL_GET_CAP);
	NUM(DRM_IOCTL_SET_MASTER);
	NUM(DRM_IOCTL_DROP_MASTER);
	NUM(DRM_IOCTL_MODE_GETRESOURCES);
	NUM(DRM_IOCTL_MODE_GETCRTC);
	NUM(DRM_IOCTL_MODE_SETCRTC);
	NUM(DRM_IOCTL_MODE_GETENCODER);
	NUM(DRM_IOCTL_MODE_GETCONNECTOR);
	NUM(DRM_IOCTL_MODE_GETFB);
	NUM(DRM_IOCTL_MODE_RMFB);
	NUM(DRM_IOCTL_MODE_PAGE_FLIP);
	NUM(DRM_IOCTL_MODE_DIRTYFB);
	NUM(DRM_IOCTL_MODE_CREATE_DUMB);
	NUM(DRM_IOCTL_MODE_MAP_DUMB);
	NUM(DRM_IOCTL_MODE_DESTROY_DUMB);
	NUM(DRM_IOCTL_MODE_ADDFB2);
	NUM(DRM_IOCTL_MODE_GETFB2);
	NUM(DRM_CAP_DUMB_BUFFER);
	NUM(DRM_CAP_VBLANK_HIGH_CRTC);
	NUM(DRM_CAP_DUMB_PREFERRED_DEPTH);
	NUM(DRM_CAP_DUMB_PREFER_SHADOW);
	NUM(DRM_MODE_PAGE_FLIP_EVENT);
	NUM(DRM_EVENT_VBLANK);
	NUM(DRM_EVENT_FLIP_COMPLETE);
	NUM(DRM_MODE_TYPE_PREFERRED);
	NUM(DRM_FORMAT_XRGB8888);
	NUM(DRM_FORMAT_ARGB8888);
	NUM(DRM_FORMAT_RGB565);
	NUM(DRM_MODE_CONNECTOR_Unknown);
	NUM(DRM_MODE_CONNECTOR_VGA);
	NUM(DRM_MODE_CONNECTOR_DVII);
	NUM(DRM_MODE_CONNECTOR_DVID);
	NUM(DRM_MODE_CONNECTOR_DVIA);
	NUM(DRM_MODE_CONNECTOR_Composite);
	NUM(DRM_MODE_CONNECTOR_SVIDEO);
	NUM(DRM_MODE_CONNECTOR_LVDS);
	NUM(DRM_MODE_CONNECTOR_Component);
	NUM(DRM_MODE_CONNECTOR_9PinDIN);
	NUM(DRM_MODE_CONNECTOR_DisplayPort);
	NUM(DRM_MODE_CONNECTOR_HDMIA);
	NUM(DRM_MODE_CONNECTOR_HDMIB);
	NUM(DRM_MODE_CONNECTOR_TV);
	NUM(DRM_MODE_CONNECTOR_eDP);
	NUM(DRM_MODE_CONNECTOR_VIRTUAL);
	NUM(DRM_MODE_CONNECTOR_DSI);
	NUM(DRM_MODE_CONNECTOR_DPI);
	NUM(DRM_MODE_CONNECTOR_WRITEBACK);
	NUM(DRM_MODE_CONNECTOR_SPI);
	NUM(DRM_MODE_CONNECTOR_USB);
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
	drm_structs();
	drm_constants();
	return 0;
}
