{#- Renders a list of strings as SQL literals for an in (...) list: 'a', 'b'. -#}
{% macro playlog_quoted_list(values) -%}
    {%- for value in values -%}
        {{ dbt.string_literal(value) }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
