// The addon's shape is declared once, in @tensile/core's binding module.
declare const addon: unknown;
export = addon;
