{% macro pass_through_names(source_name, columns=[]) %}
    {%- set listed = (var('pass_through_columns') or {}).get(source_name, []) -%}
    {%- if listed is string or listed is mapping or listed is not iterable -%}
        {{ exceptions.raise_compiler_error("pass_through_columns." ~ source_name
            ~ " must be a list of column names, got '" ~ listed ~ "'") }}
    {%- endif -%}
    {%- set taken = columns | map(attribute='name') | list
        + ['source_row_number', 'raw_row', 'check_reason', 'has_repeated_key', 'is_malformed_row'] -%}
    {#- The columns the staged model derives (ordered_date, line_amount, ...),
        and for customers those of dim_customers, which carries them on: the
        documented columns of those models, known once the project is parsed. -#}
    {%- if execute -%}
        {%- set receivers = ['stg_loyalty__' ~ source_name] + (['dim_customers'] if source_name == 'customers' else []) -%}
        {#- A unit test's graph has no nodes: nothing to add there. -#}
        {%- for node in graph.get('nodes', {}).values() if node.resource_type == 'model' and node.name in receivers -%}
            {%- do taken.extend(node.columns.keys() | map('lower')) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for value in listed -%}
        {%- set name = value | string | trim | lower -%}
        {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*', name) or name.endswith('_raw') or name.endswith('_text') -%}
            {{ exceptions.raise_compiler_error("pass_through_columns." ~ source_name ~ ": '" ~ value
                ~ "' is not a plain column name (letters, digits and underscores, not ending in _raw or _text)") }}
        {%- elif name in taken or name in names -%}
            {{ exceptions.raise_compiler_error("pass_through_columns." ~ source_name ~ ": '" ~ name
                ~ "' is already a column of the staged " ~ source_name
                ~ (" or of dim_customers" if source_name == 'customers' else '') ~ " (or listed twice)") }}
        {%- endif -%}
        {%- do names.append(name) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}

{% macro pass_through_columns(source_name, columns) %}
    {%- set specs = [] -%}
    {%- for name in loyalty.pass_through_names(source_name, columns) -%}
        {%- do specs.append({'name': name, 'type': 'text', 'nullable': true}) -%}
    {%- endfor -%}
    {{ return(specs) }}
{% endmacro %}

{% macro pass_through_select(source_name, relation) -%}
    {%- for name in loyalty.pass_through_names(source_name) -%}
        {{ relation }}.{{ name }},
        {% endfor -%}
{%- endmacro %}
