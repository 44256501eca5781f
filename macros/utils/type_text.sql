{#- The text type the marts' contracts declare (their YAML `&text` anchor):
    varchar, string on Spark. A model whose new rows an incremental build
    compares with its table casts its text columns to it. -#}
{% macro type_text() %}
    {{ return(adapter.dispatch('type_text', 'loyalty')()) }}
{% endmacro %}

{% macro default__type_text() -%}
    varchar
{%- endmacro %}

{% macro spark__type_text() -%}
    string
{%- endmacro %}
