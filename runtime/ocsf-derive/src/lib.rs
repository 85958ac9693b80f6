//! `#[derive(WriteJson)]` for the OCSF structs: writes the same compact JSON as their
//! `#[derive(serde::Serialize)]`, straight into a `Vec<u8>`.
//!
//! Why not serde: events have about forty fields each, and serde's `flatten` (every
//! class flattens its base event) turns a struct into a map whose keys are escaped and
//! written one call at a time. Here each key is a byte string made at compile time
//! (`,"name":`), and a flattened struct writes its fields inline.
//!
//! Fields of type `&'static str` (also in `Option` / `Vec`) are the schema's constants and
//! are written without escaping (`ocsf::json::WriteConstant`); debug builds check that they need none.
//!
//! The derive reads the serde attributes the OCSF structs use, so the two writers cannot
//! drift apart silently: `#[serde(flatten)]` and `#[serde(skip_serializing_if = "path")]`.
//! Any other serde attribute is a compile error here. Debug builds of `normalize` compare
//! both writers' bytes for every event they produce.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(WriteJson, attributes(serde))]
pub fn derive_write_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What the serde attributes of one field say.
#[derive(Default)]
struct FieldAttrs {
    flatten: bool,
    skip_if: Option<syn::ExprPath>,
}

fn field_attrs(field: &syn::Field) -> syn::Result<FieldAttrs> {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                attrs.flatten = true;
                Ok(())
            } else if meta.path.is_ident("skip_serializing_if") {
                let path: LitStr = meta.value()?.parse()?;
                attrs.skip_if = Some(path.parse()?);
                Ok(())
            } else {
                Err(meta.error("WriteJson supports only `flatten` and `skip_serializing_if`"))
            }
        })?;
    }
    Ok(attrs)
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            input,
            "WriteJson is derived for structs only",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "WriteJson needs named fields",
        ));
    };
    if input.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return Err(syn::Error::new_spanned(
            input,
            "WriteJson supports no container-level serde attributes",
        ));
    }
    let mut writes = Vec::new();
    // Whether a member is surely written already, known at compile time: from then on a
    // key is written with its comma, no `first` test.
    let mut surely_not_first = false;
    for field in &fields.named {
        let attrs = field_attrs(field)?;
        let Some(ident) = &field.ident else { continue };
        let write = if attrs.flatten {
            quote! { ::ocsf::json::WriteFields::write_fields(&self.#ident, out, first); }
        } else {
            // The key with and without its leading comma, made at compile time. Rust
            // identifiers never need JSON escaping. (`r#type` is written `type`, as serde does.)
            let name = ident.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name);
            let with_comma = syn::LitByteStr::new(format!(",\"{name}\":").as_bytes(), ident.span());
            let alone = syn::LitByteStr::new(format!("\"{name}\":").as_bytes(), ident.span());
            let key = if surely_not_first {
                quote! { out.extend_from_slice(#with_comma); }
            } else {
                quote! { ::ocsf::json::key(out, first, #with_comma, #alone); }
            };
            // `&'static str` fields hold the schema's constants (class and activity
            // captions...), which need no escaping: written as they are.
            let ty = &field.ty;
            let constant = quote!(#ty).to_string().contains("& 'static str");
            let value = if constant {
                quote! { ::ocsf::json::WriteConstant::write_constant(&self.#ident, out); }
            } else {
                quote! { ::ocsf::json::WriteJson::write_json(&self.#ident, out); }
            };
            surely_not_first |= attrs.skip_if.is_none();
            quote! { #key #value }
        };
        writes.push(match attrs.skip_if {
            Some(pred) => quote! { if !#pred(&self.#ident) { #write } },
            None => write,
        });
    }
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::ocsf::json::WriteFields for #name #ty_generics #where_clause {
            #[inline]
            fn write_fields(&self, out: &mut ::std::vec::Vec<u8>, first: &mut bool) {
                #(#writes)*
            }
        }
        impl #impl_generics ::ocsf::json::WriteJson for #name #ty_generics #where_clause {
            fn write_json(&self, out: &mut ::std::vec::Vec<u8>) {
                out.push(b'{');
                let mut first = true;
                ::ocsf::json::WriteFields::write_fields(self, out, &mut first);
                out.push(b'}');
            }
        }
    })
}
