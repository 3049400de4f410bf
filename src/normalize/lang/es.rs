//! Spanish (`es`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Spanish.
pub const LANG: Lang = Lang {
    code: "es",
    promo: &[
        "lea también",
        "lee también",
        "leer más",
        "te puede interesar",
        "también te puede interesar",
        "ver también",
        "más información",
        "noticias relacionadas",
        "te recomendamos",
        "contenido relacionado",
        "lo más leído",
        "puede interesarte",
    ],
    share: &[
        "compartir",
        "compartir artículo",
        "imprimir",
        "enviar por correo",
        "copiar enlace",
        "enlace copiado",
        "guardar",
        "escuchar",
        "comentar",
    ],
    ads: &[
        "publicidad",
        "anuncio",
        "contenido patrocinado",
        "patrocinado",
    ],
    subscribe: &["suscríbete", "suscribete", "suscríbase"],
    follow: &[
        "síguenos en",
        "siguenos en",
        "síganos en",
        "únete a nuestro canal de",
    ],
    newsletter: &[
        "suscríbete",
        "suscribete",
        "suscríbase",
        "regístrate",
        "apúntate",
        "recibe",
    ],
    newsletter_words: &["newsletter", "boletín", "boletines", "correo"],
    cookies: &[
        "utilizamos cookies",
        "usamos cookies",
        "este sitio utiliza cookies",
        "esta web utiliza cookies",
        "este sitio web utiliza cookies",
    ],
    rights: &["todos los derechos reservados", "derechos reservados"],
    byline: &["por"],
    and_words: &["y"],
    roles: &[
        "corresponsal",
        "enviado especial",
        "enviada especial",
        "periodista",
        "redactor",
        "redactora",
        "columnista",
        "reportero",
        "reportera",
    ],
    date_labels: &["publicado el", "actualizado el", "actualizado", "publicado"],
    said: &["dijo", "afirmó", "según"],
    ..Lang::EMPTY
};
