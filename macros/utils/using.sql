{% macro using(domain) %}
    {%- set value = var('loyalty__using_' ~ domain, true) -%}
    {%- if value is not boolean -%}
        {{ exceptions.raise_compiler_error("Invalid vars: loyalty__using_" ~ domain
            ~ " must be true or false, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
