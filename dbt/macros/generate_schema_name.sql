{#- Custom schemas are used as named (silver, gold), not prefixed with the target schema
    (dbt's default would give main_silver). Models without one go to the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
